package io.herald.server.cli;

/** An admin command failed: the one line to print and the exit code ({@link ExitCodes}). */
final class AdminFailure extends RuntimeException {

    private final int exitCode;

    AdminFailure(int exitCode, String message) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }
}
