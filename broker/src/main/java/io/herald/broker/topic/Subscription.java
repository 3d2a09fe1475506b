package io.herald.broker.topic;

/**
 * One subscription of a session: its filter as the client sent it and the options granted to it.
 * A shared subscription's filter is {@code $share/{group}/{topicFilter}} [MQTT-4.8.2]. Immutable.
 *
 * @param qos the granted maximum QoS
 * @param noLocal MQTT 5: do not deliver the session's own messages
 * @param retainAsPublished MQTT 5: keep the publisher's retain flag when forwarding
 * @param retainHandling MQTT 5: 0 send retained on subscribe, 1 only if new, 2 never
 * @param subscriptionId MQTT 5 subscription identifier, 0 when none
 * @param filtered the client's rights allow the filter but deny some topics it matches (granted
 *     {@link io.herald.broker.auth.SubscribeDecision#GRANTED_FILTERED}): each delivery is checked by topic
 */
public record Subscription(String filter, int qos, boolean noLocal, boolean retainAsPublished, int retainHandling,
        int subscriptionId, boolean filtered) {

    private static final String SHARE_PREFIX = "$share/";

    public Subscription {
        if (!isValid(filter)) {
            throw new IllegalArgumentException("invalid topic filter: " + filter);
        }
        if (qos < 0 || qos > 2) {
            throw new IllegalArgumentException("qos must be 0, 1 or 2: " + qos);
        }
        if (retainHandling < 0 || retainHandling > 2) {
            throw new IllegalArgumentException("retain handling must be 0, 1 or 2: " + retainHandling);
        }
    }

    /** A subscription that every topic of its filter may pass. */
    public Subscription(String filter, int qos, boolean noLocal, boolean retainAsPublished, int retainHandling,
            int subscriptionId) {
        this(filter, qos, noLocal, retainAsPublished, retainHandling, subscriptionId, false);
    }

    /** The same subscription, checked per delivered topic or not. */
    public Subscription withFiltered(boolean value) {
        return value == filtered ? this
                : new Subscription(filter, qos, noLocal, retainAsPublished, retainHandling, subscriptionId, value);
    }

    /** A subscription with MQTT 3 semantics (no MQTT 5 options). */
    public static Subscription of(String filter, int qos) {
        return new Subscription(filter, qos, false, false, 0, 0);
    }

    /** Whether {@code filter} is a valid plain filter or a valid {@code $share/{group}/{filter}}. */
    public static boolean isValid(String filter) {
        if (!filter.startsWith(SHARE_PREFIX)) {
            return Topics.isValidFilter(filter);
        }
        int slash = filter.indexOf('/', SHARE_PREFIX.length());
        if (slash <= SHARE_PREFIX.length()) {
            return false; // [MQTT-4.8.2-1] a ShareName of at least one character, then '/'
        }
        String group = filter.substring(SHARE_PREFIX.length(), slash);
        // [MQTT-4.8.2-2] the ShareName has no '/', '+' or '#'
        return group.indexOf('+') < 0 && group.indexOf('#') < 0 && Topics.isValidFilter(filter.substring(slash + 1));
    }

    /** The share group of a shared subscription, or null. */
    public String shareGroup() {
        if (!filter.startsWith(SHARE_PREFIX)) {
            return null;
        }
        return filter.substring(SHARE_PREFIX.length(), filter.indexOf('/', SHARE_PREFIX.length()));
    }

    /** The filter topics are matched against: without the {@code $share/{group}/} prefix. */
    public String topicFilter() {
        if (!filter.startsWith(SHARE_PREFIX)) {
            return filter;
        }
        return filter.substring(filter.indexOf('/', SHARE_PREFIX.length()) + 1);
    }
}
