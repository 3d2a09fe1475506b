package io.herald.server;

import picocli.CommandLine;

/** The {@code herald} executable: parses the command line and runs one command. */
public final class Main {

    private Main() {}

    public static void main(String[] args) {
        System.exit(HeraldCommand.commandLine().execute(args));
    }
}
