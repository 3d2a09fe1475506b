package io.herald.broker;

import io.herald.broker.auth.Principal;
import java.net.SocketAddress;
import java.time.Instant;
import java.util.List;

/**
 * A snapshot of one session, read on its owning loop ({@link Broker#sessions()},
 * {@link Broker#session(String)}). Immutable.
 *
 * @param principal of the connection attached or, offline, of the last one; null for a session restored
 *     from the store whose client has not connected since
 * @param remoteAddress null while offline
 * @param protocolLevel 3, 4 or 5; 0 while offline
 * @param transport {@code tcp}, {@code tls}, {@code ws} or {@code wss}; null while offline
 * @param connectedSince null while offline
 * @param subscriptions the topic filters, as subscribed ({@code $share/GROUP/...} included)
 * @param queued messages waiting for the client: queued plus sent and not yet acknowledged
 * @param expiryIntervalSeconds how long the session outlives its connection: 0 not at all,
 *     {@code 4294967295} (MQTT 3 CleanSession = 0) for ever
 */
public record SessionInfo(String clientId, Principal principal, boolean connected, SocketAddress remoteAddress,
        int protocolLevel, String transport, Instant connectedSince, List<String> subscriptions, long queued,
        long expiryIntervalSeconds) {

    public SessionInfo {
        subscriptions = List.copyOf(subscriptions);
    }
}
