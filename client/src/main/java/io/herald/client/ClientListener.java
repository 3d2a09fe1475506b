package io.herald.client;

import java.time.Duration;

/**
 * Receives a client's events; every method has an empty default. Methods run on the client's
 * callback executor (never on the I/O thread unless the client was built with a direct executor), one
 * at a time and in order for one client.
 */
public interface ClientListener {

    /** A connection or reconnection succeeded. */
    default void connected(ConnAck connAck) {}

    /** A (re)connection attempt is about to start; {@code attempt} counts from 0 since the last success. */
    default void reconnecting(int attempt, Duration delay) {}

    /**
     * A connection that had been accepted ended; {@code cause} is null when the client itself
     * disconnected.
     */
    default void disconnected(MqttClientException cause) {}

    /** Something failed that no future reports: a connection attempt, a storm, a protocol error. */
    default void error(MqttClientException error) {}

    /** A message arrived. */
    default void message(ReceivedMessage message) {}
}
