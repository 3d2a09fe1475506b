package io.herald.server.cli;

/** The exit codes of {@code herald pub} and {@code herald sub}, which scripts may rely on. */
final class ExitCodes {

    /** Everything was done: published and acknowledged, or the messages asked for were received. */
    static final int OK = 0;
    /** The connection failed or was lost, or the server refused a publish or subscription. */
    static final int FAILURE = 1;
    /** The command line was wrong (picocli's parameter handler returns it). */
    static final int USAGE = 2;
    /** {@code herald sub -C N -W S}: fewer than N messages arrived within S seconds. */
    static final int TIMEOUT = 3;

    private ExitCodes() {}
}
