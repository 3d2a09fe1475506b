package io.herald.server.cli;

import io.herald.client.ErrnoConnect;
import io.herald.client.MqttClientException;
import java.io.PrintWriter;

/** How pub and sub report a failed operation: one line on stderr. Stateless. */
final class ClientRun {

    private ClientRun() {}

    /** Prints {@code herald CMD: what: detail} (with the connection error number when there is one). */
    static int fail(PrintWriter err, String command, String what, Throwable e) {
        Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null
                ? e.getCause() : e;
        String detail;
        if (cause instanceof MqttClientException m) {
            detail = m.error().detail().isEmpty() ? m.error().message() : m.error().detail();
            if (m.errnoConnect() != ErrnoConnect.OK) {
                detail += " (errnoConnect " + m.errnoConnect() + ", " + ErrnoConnect.describe(m.errnoConnect()) + ")";
            }
        } else {
            detail = String.valueOf(cause.getMessage());
        }
        err.println("herald " + command + ": " + what + ": " + detail);
        err.flush();
        return ExitCodes.FAILURE;
    }
}
