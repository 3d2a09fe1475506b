package io.herald.client;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * An MQTT 3.1, 3.1.1 and 5 client over TCP, TLS, WebSocket and secure WebSocket, with automatic
 * reconnect: the idiomatic Java API of Herald's SDK. {@link Mqtt} offers the seed-001 API on top.
 *
 * <p>Build one with {@link #builder()}, then {@link #connect()}. Every operation returns a
 * {@link CompletableFuture}; {@link #blocking()} gives a view that waits for them. Thread-safe: any
 * thread may call any method. Futures complete and listeners run on the callback executor, in order.
 *
 * <p>Lifecycle: {@link #connect()} opens the connection; a lost connection is reopened according to
 * the {@link ReconnectPolicy}, resending unacknowledged QoS 1/2 publishes and subscribing again when
 * the server kept no session; {@link #disconnect()} ends it and {@link #close()} releases the client.
 */
public interface HeraldMqttClient extends AutoCloseable {

    /** A builder for a new client. */
    static HeraldMqttClientBuilder builder() {
        return new HeraldMqttClientBuilder();
    }

    /** The settings the client was built with. */
    MqttClientConfig config();

    /**
     * Connects. Completes with the CONNACK, or exceptionally with a {@link MqttClientException} whose
     * {@code errnoConnect} says why; automatic reconnect (if enabled) keeps trying after a failure.
     */
    CompletableFuture<ConnAck> connect();

    /**
     * Publishes. QoS 0 completes once written, QoS 1 on PUBACK, QoS 2 on PUBCOMP; unacknowledged
     * QoS 1/2 messages are resent after a reconnect. While not connected the message waits in the
     * offline buffer if there is room, else the future fails with {@link MqttError#DISCONNECTED}.
     */
    CompletableFuture<PublishResult> publish(PublishMessage message);

    /** Subscribes; the client remembers the subscriptions to renew them after a reconnect. */
    CompletableFuture<SubAck> subscribe(List<Subscription> subscriptions);

    /** Subscribes to one filter. */
    default CompletableFuture<SubAck> subscribe(String filter, int qos) {
        return subscribe(List.of(Subscription.of(filter, qos)));
    }

    /** Unsubscribes. */
    CompletableFuture<UnsubAck> unsubscribe(List<String> filters);

    /**
     * Sends DISCONNECT (MQTT 5 reason 0) and closes the connection; stops reconnecting. Pending
     * publishes fail with {@link MqttError#DISCONNECTED}. The client may connect again.
     */
    CompletableFuture<Void> disconnect();

    /**
     * Closes the current connection (if any) and connects again now, without backoff; a reconnect
     * storm detected recently refuses it with an error event. Attempts asked for this way are paced:
     * at most one per the reconnect policy's first wait ({@code minBackoff + baseBackoff}, at least
     * 100 ms), so calling it from an error handler while the server is down cannot spin; a call that
     * comes sooner schedules the attempt for when the wait is over.
     */
    void reconnect();

    /** The current state. */
    ClientState state();

    /** True while an automatic or requested reconnect is under way (waiting or connecting). */
    boolean isReconnecting();

    /** True when connected and not closing, so a publish goes out at once. */
    boolean canPublish();

    /** The seed's connection error number of the last attempt ({@link ErrnoConnect}). */
    int errnoConnect();

    /** Replaces the TLS settings used by the next connection attempt. */
    void tls(TlsConfig value);

    /** The current TLS settings. */
    TlsConfig tls();

    /** Adds a listener; it sees events from now on. */
    void addListener(ClientListener listener);

    /** Removes a listener. */
    void removeListener(ClientListener listener);

    /** A view of this client whose methods wait for the outcome. */
    BlockingMqttClient blocking();

    /**
     * Disconnects if connected and closes the client for good; completes when the connection is
     * closed. The client cannot be used again.
     */
    CompletableFuture<Void> closeAsync();

    /** {@link #closeAsync()}, waiting up to ten seconds for it. */
    @Override
    void close();
}
