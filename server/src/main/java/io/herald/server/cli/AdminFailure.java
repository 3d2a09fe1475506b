package io.herald.server.cli;

/**
 * An admin command failed: the one line to print, the exit code ({@link ExitCodes}) and the server's
 * errorCode when it gave one (null otherwise).
 */
final class AdminFailure extends RuntimeException {

    private final int exitCode;
    private final String errorCode;

    AdminFailure(int exitCode, String message) {
        this(exitCode, message, null);
    }

    AdminFailure(int exitCode, String message, String errorCode) {
        super(message, null, false, false);
        this.exitCode = exitCode;
        this.errorCode = errorCode;
    }

    /** The problem's errorCode ({@code MQTT_ENDPOINT_NOT_READY}), or null. */
    String errorCode() {
        return errorCode;
    }

    int exitCode() {
        return exitCode;
    }
}
