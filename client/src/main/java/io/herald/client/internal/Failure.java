package io.herald.client.internal;

/**
 * Why a connection ended or could not be made, as far as the transport knows: the seed's connection
 * error number, the reason code of a server DISCONNECT, a description, and whether the server ended
 * it in an orderly way (the sign of a takeover). Immutable.
 *
 * @param errno the seed's errnoConnect for a failed attempt
 * @param reasonCode MQTT 5 DISCONNECT reason code from the server, or -1
 * @param detail what happened
 * @param cause the exception behind it, or null
 * @param orderlyServerClose the server closed the connection cleanly (EOF or DISCONNECT), not a network error
 */
record Failure(int errno, int reasonCode, String detail, Throwable cause, boolean orderlyServerClose) {

    static Failure local(int errno, String detail) {
        return new Failure(errno, -1, detail, null, false);
    }

    static Failure serverClosed() {
        return new Failure(io.herald.client.ErrnoConnect.CONNECTION_FAILED, -1, "the server closed the connection",
                null, true);
    }
}
