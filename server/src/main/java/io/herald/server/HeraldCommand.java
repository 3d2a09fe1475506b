package io.herald.server;

import io.herald.server.auth.PasswdCommand;
import io.herald.server.cli.PubCommand;
import io.herald.server.cli.SubCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The top-level {@code herald} command; every subcommand is listed here. */
@Command(
        name = "herald",
        mixinStandardHelpOptions = true,
        versionProvider = HeraldVersion.class,
        description = "Herald: MQTT broker and push platform.",
        subcommands = {ServeCommand.class, PasswdCommand.class, PubCommand.class, SubCommand.class, BenchCommand.class,
            CommandLine.HelpCommand.class})
public final class HeraldCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** A command line with Herald's error handling: one-line messages and exit code 2 for bad usage. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new HeraldCommand());
        cl.setDefaultValueProvider(new EnvironmentDefaults(System.getenv()));
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine c = ex.getCommandLine();
            c.getErr().println("herald: " + ex.getMessage());
            c.getErr().println("try '" + c.getCommandSpec().qualifiedName() + " --help'");
            return 2;
        });
        cl.setExecutionExceptionHandler((ex, c, parsed) -> {
            Throwable reason = ex instanceof java.io.UncheckedIOException u ? u.getCause() : ex;
            c.getErr().println("herald: " + (reason.getMessage() == null ? reason.toString() : reason.getMessage()));
            return 1;
        });
        return cl;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
