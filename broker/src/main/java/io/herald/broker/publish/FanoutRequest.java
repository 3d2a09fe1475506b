package io.herald.broker.publish;

import io.herald.broker.topic.Topics;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/**
 * One payload published to many topics at once ({@code Broker.fanout}): the platform's push to every
 * installation of a push topic, each installation listening on its own topic. The broker matches every
 * topic, groups all the sessions they reach by owning event loop and hands each loop one task, sharing
 * one payload array; durability is one store sync for the whole fan-out. Not retained; from the platform
 * (no publisher client id). Validated at construction, then immutable.
 *
 * @param topics topic names, each at most once (duplicates are removed, order kept); none may start
 *     with {@code $} (the broker's reserved topics) [MQTT-4.7.2-1]
 * @param qos 0, 1 or 2
 * @param messageExpirySeconds MQTT 5 Message Expiry Interval, null for none [MQTT-3.3.2-5]
 * @param contentType null for none
 * @param payloadUtf8 MQTT 5 Payload Format Indicator, null for none
 * @param trackingId the id of a tracker registered with {@code Broker.track}, or null
 */
public record FanoutRequest(List<String> topics, byte[] payload, int qos, Long messageExpirySeconds,
        String contentType, Boolean payloadUtf8, String trackingId) {

    private static final long MAX_EXPIRY = 4_294_967_295L;

    /** @throws IllegalArgumentException with the reason, when the fields do not make valid MQTT messages */
    public FanoutRequest {
        Objects.requireNonNull(topics, "topics");
        Objects.requireNonNull(payload, "payload");
        topics = List.copyOf(new LinkedHashSet<>(topics));
        for (String t : topics) {
            if (!Topics.isValidName(t) || t.startsWith("$")) {
                throw new IllegalArgumentException("not a topic name the platform may publish to: '" + t + "'");
            }
        }
        if (qos < 0 || qos > 2) {
            throw new IllegalArgumentException("qos must be 0, 1 or 2: " + qos);
        }
        if (messageExpirySeconds != null && (messageExpirySeconds < 0 || messageExpirySeconds > MAX_EXPIRY)) {
            throw new IllegalArgumentException("message expiry must be 0.." + MAX_EXPIRY + " seconds");
        }
        payload = payload.clone();
    }
}
