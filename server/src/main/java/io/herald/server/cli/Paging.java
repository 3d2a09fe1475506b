package io.herald.server.cli;

import picocli.CommandLine;
import picocli.CommandLine.Option;

/** {@code --limit} and {@code --offset} of the list commands. Not thread-safe: picocli fills it. */
final class Paging {

    @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--limit", defaultValue = "100", description = "At most this many, 1 to 1000 (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--offset", defaultValue = "0", description = "Skip this many first (default: ${DEFAULT-VALUE}).")
    int offset;

    /** {@code ?limit=…&offset=…}; out-of-range values are a usage error. */
    String query() {
        if (limit < 1 || limit > 1000) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--limit must be 1..1000");
        }
        if (offset < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--offset must be 0 or more");
        }
        return "?limit=" + limit + "&offset=" + offset;
    }
}
