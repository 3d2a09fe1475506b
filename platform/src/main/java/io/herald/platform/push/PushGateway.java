package io.herald.platform.push;

import io.herald.broker.publish.DeliveryTracker;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * What push asks of the broker, through its public API: pinned sessions for installations, one fan-out
 * per push, delivery tracking. Every method may be called from any thread and does not block; stages
 * complete on broker threads.
 */
public interface PushGateway {

    /** The outcome of a fan-out: sessions reached, and when it is stored and handed to every session. */
    record Fanout(int matched, CompletionStage<Void> done) {}

    /** Pins the installation's session (client id and only subscription: {@code mqttTopic}, QoS 1). */
    CompletionStage<Void> pin(String mqttTopic);

    /** Ends the installation's session: its connection is closed, its queue discarded. */
    CompletionStage<Boolean> unpin(String mqttTopic, String reason);

    /**
     * Publishes {@code payload} (JSON) at QoS 1 to every topic of {@code mqttTopics} in one fan-out.
     *
     * @param expirySeconds the MQTT 5 Message Expiry Interval
     * @param trackingId registered with {@link #track} beforehand, or null
     */
    Fanout fanout(List<String> mqttTopics, byte[] payload, long expirySeconds, String trackingId);

    /** Reports deliveries of messages carrying {@code trackingId} to {@code tracker}. */
    void track(String trackingId, DeliveryTracker tracker);

    void stopTracking(String trackingId);
}
