package io.herald.broker;

import io.herald.broker.auth.Principal;
import java.net.SocketAddress;
import java.time.Instant;

/**
 * A change in a client's presence, for the platform ("is this device online?"). Delivered to every
 * {@link SessionListener} on one broker-owned thread, in the order the broker saw them: for one client id,
 * a {@link Connected} always comes before the {@link Disconnected} of the same connection. Immutable.
 */
public sealed interface SessionEvent {

    String clientId();

    /** What the client authenticated as; the identity of the connection the event is about. */
    Principal principal();

    /** When the broker saw it, on its clock. */
    Instant at();

    /**
     * A connection was accepted (CONNACK 0x00 sent).
     *
     * @param protocolLevel 3 (MQTT 3.1), 4 (3.1.1) or 5
     * @param transport the listener kind: {@code tcp}, {@code tls}, {@code ws} or {@code wss}
     */
    record Connected(String clientId, Principal principal, int protocolLevel, String transport,
            SocketAddress remoteAddress, Instant at) implements SessionEvent {}

    /**
     * An accepted connection ended.
     *
     * @param reason why, in words: {@code client disconnected}, {@code connection lost},
     *     {@code keep alive timeout}, {@code credential expired}, {@code administrative}, {@code another
     *     connection took the session over}, a protocol violation's description, ...
     */
    record Disconnected(String clientId, Principal principal, String reason, Instant at) implements SessionEvent {}
}
