package io.herald.server;

import io.herald.server.auth.PasswdCommand;
import io.herald.server.cli.PubCommand;
import io.herald.server.cli.RetainedCommand;
import io.herald.server.cli.SessionsCommand;
import io.herald.server.cli.SubCommand;
import io.herald.server.cli.ThingCommand;
import io.herald.server.cli.TokenCommand;
import io.herald.server.cli.UserCommand;
import io.herald.server.config.SettingSources;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The top-level {@code herald} command; every subcommand is listed here. */
@Command(
        name = "herald",
        mixinStandardHelpOptions = true,
        versionProvider = HeraldVersion.class,
        description = "Herald: MQTT broker and push platform.",
        subcommands = {ServeCommand.class, PasswdCommand.class, PubCommand.class, SubCommand.class, BenchCommand.class,
            TokenCommand.class, UserCommand.class, ThingCommand.class, SessionsCommand.class, RetainedCommand.class,
            CommandLine.HelpCommand.class})
public final class HeraldCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** A command line with Herald's error handling: one-line messages and exit code 2 for bad usage. */
    public static CommandLine commandLine() {
        return commandLine(System.getenv(), Path.of(""));
    }

    /**
     * A command line whose options also come from {@code env} ({@code HERALD_*}) and, for {@code serve},
     * from the configuration file ({@code --config}, or {@code herald.yaml} in {@code workDir}).
     */
    static CommandLine commandLine(Map<String, String> env, Path workDir) {
        CommandLine cl = new CommandLine(new HeraldCommand());
        cl.setDefaultValueProvider(new EnvironmentDefaults(env));
        cl.getSubcommands().get("serve").setDefaultValueProvider(new SettingSources(env, workDir));
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine c = ex.getCommandLine();
            String message = c.getCommandSpec().defaultValueProvider() instanceof SettingSources sources
                    ? sources.attribute(ex.getMessage(), c) : ex.getMessage();
            c.getErr().println("herald: " + message);
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
