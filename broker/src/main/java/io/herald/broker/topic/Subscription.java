package io.herald.broker.topic;

/**
 * One subscription of a session: its filter and the options granted to it.
 *
 * @param qos the granted maximum QoS
 * @param noLocal MQTT 5: do not deliver the session's own messages
 * @param retainAsPublished MQTT 5: keep the publisher's retain flag when forwarding
 * @param retainHandling MQTT 5: 0 send retained on subscribe, 1 only if new, 2 never
 * @param subscriptionId MQTT 5 subscription identifier, 0 when none
 */
public record Subscription(
        String filter, int qos, boolean noLocal, boolean retainAsPublished, int retainHandling, int subscriptionId) {

    public Subscription {
        if (!Topics.isValidFilter(filter)) {
            throw new IllegalArgumentException("invalid topic filter: " + filter);
        }
        if (qos < 0 || qos > 2) {
            throw new IllegalArgumentException("qos must be 0, 1 or 2: " + qos);
        }
    }

    /** A subscription with MQTT 3 semantics (no MQTT 5 options). */
    public static Subscription of(String filter, int qos) {
        return new Subscription(filter, qos, false, false, 0, 0);
    }
}
