package io.herald.client;

import io.herald.client.internal.TopicNames;

/**
 * One topic filter to subscribe to with its options. Immutable and validated: the filter is a valid
 * MQTT topic filter and the QoS is 0, 1 or 2.
 *
 * @param filter the topic filter, wildcards {@code +} and {@code #} allowed
 * @param qos the maximum QoS to receive with: 0, 1 or 2
 * @param noLocal MQTT 5: do not receive own publications
 * @param retainAsPublished MQTT 5: keep the retain flag as published
 * @param retainHandling MQTT 5: 0 send retained messages, 1 only for new subscriptions, 2 never
 */
public record Subscription(String filter, int qos, boolean noLocal, boolean retainAsPublished, int retainHandling) {

    public Subscription {
        TopicNames.checkTopicFilter(filter);
        if (qos < 0 || qos > 2) {
            throw new IllegalArgumentException("qos must be 0, 1 or 2, not " + qos);
        }
        if (retainHandling < 0 || retainHandling > 2) {
            // [MQTT-3.8.3-4] Retain Handling 3 is a protocol error
            throw new IllegalArgumentException("retainHandling must be 0, 1 or 2, not " + retainHandling);
        }
    }

    /** A subscription with default options. */
    public static Subscription of(String filter, int qos) {
        return new Subscription(filter, qos, false, false, 0);
    }
}
