package io.herald.server.cli;

/**
 * The exit codes of {@code herald pub}, {@code herald sub} and the admin commands ({@code token}, {@code user},
 * {@code thing}, {@code sessions}, {@code retained}), which scripts may rely on.
 */
final class ExitCodes {

    /** Everything was done: published and acknowledged, or the messages asked for were received. */
    static final int OK = 0;
    /**
     * The connection failed or was lost, or the server refused a publish or subscription; admin commands: the
     * server could not be reached, or refused the request (bad input, conflict, server error).
     */
    static final int FAILURE = 1;
    /** The command line was wrong (picocli's parameter handler returns it). */
    static final int USAGE = 2;
    /** {@code herald sub -C N -W S}: fewer than N messages arrived within S seconds. */
    static final int TIMEOUT = 3;

    /** Admin commands: the id, user, thing, session or topic given does not exist (HTTP 404). */
    static final int NOT_FOUND = 4;
    /** Admin commands: the token is missing, invalid, expired, or not allowed to do this (HTTP 401, 403). */
    static final int UNAUTHORIZED = 5;

    private ExitCodes() {}
}
