package io.herald.broker.auth;

/**
 * The answer to a SUBSCRIBE request ({@link Permissions#subscribe}, {@link Authorizer#subscribe}).
 *
 * <p>Mosquitto-like: a subscription is granted when an allow covers its whole filter; when a deny
 * also overlaps it (deny {@code test/nosubscribe} under a subscription to {@code #}), it is granted
 * and marked, and each message it would deliver is checked by topic with {@code canReceive}. Only
 * marked subscriptions pay that check.
 */
public enum SubscribeDecision {
    /** Refused: SUBACK 0x80 (MQTT 3) or 0x87 (MQTT 5). */
    DENIED,
    /** Granted; every topic the filter matches may be received. */
    GRANTED,
    /** Granted; some topics it matches may not be received, so each delivery is checked by topic. */
    GRANTED_FILTERED;

    /** Both must grant; a filter from either applies. */
    public SubscribeDecision and(SubscribeDecision other) {
        if (this == DENIED || other == DENIED) {
            return DENIED;
        }
        return this == GRANTED_FILTERED || other == GRANTED_FILTERED ? GRANTED_FILTERED : GRANTED;
    }
}
