package io.herald.server.cli;

import io.herald.server.HeraldCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine;

/**
 * Runs {@code herald ARGS} in this JVM with Herald's error handling, capturing stdout and stderr.
 * Threads: one run per instance; {@link #start} runs it on another thread.
 */
final class Cli {

    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    static Cli run(String... args) {
        Cli c = new Cli();
        c.exit = c.execute(args);
        return c;
    }

    /** Starts {@code herald ARGS} on another thread; the future holds its exit code. */
    static Cli start(String... args) {
        Cli c = new Cli();
        c.running = CompletableFuture.supplyAsync(() -> c.execute(args));
        return c;
    }

    int exit = -1;
    CompletableFuture<Integer> running;

    private int execute(String... args) {
        CommandLine cl = HeraldCommand.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    String[] lines() {
        String s = out.toString();
        return s.isEmpty() ? new String[0] : s.split("\n");
    }
}
