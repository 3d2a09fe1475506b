package io.herald.broker.publish;

/**
 * Told what became of one tracked message at each session it was routed to: the platform's push counts
 * deliveries and acknowledgements with it. Registered with the broker under a tracking id
 * ({@code Broker.fanout}) until {@code Broker.stopTracking}; a message keeps its tracking id in the
 * store, so a message queued for an offline session is reported when it is finally sent. Messages
 * still queued when their session ends (discarded, expired) are not reported.
 *
 * <p>Threads: every method is called on the receiving session's event loop, so calls for different
 * sessions may come concurrently. Implementations must be thread-safe, fast and never block (count with
 * atomics); an exception thrown is logged and ignored.
 */
public interface DeliveryTracker {

    /** Why a tracked message did not reach a session. */
    enum Drop {
        /** Its Message Expiry Interval ran out before it could be sent [MQTT-3.3.2-5]. */
        EXPIRED,
        /** The session's queue was full. */
        QUEUE_FULL,
        /** Larger than the client accepts [MQTT-3.1.2-25]. */
        TOO_LARGE,
        /** QoS 0, or a session that ends with its connection, and the client was offline or not keeping up. */
        NOT_CONNECTED
    }

    /** The session was offline or its in-flight window full: the message waits in its queue. */
    void queued(String clientId);

    /** The PUBLISH was written to the client's connection for the first time (resends are not reported). */
    void sent(String clientId);

    /** The client acknowledged it: PUBACK for QoS 1, PUBCOMP for QoS 2 [MQTT-4.3.2] [MQTT-4.3.3]. */
    void acknowledged(String clientId);

    /** The message will not reach the session. */
    void dropped(String clientId, Drop reason);
}
