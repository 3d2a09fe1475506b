package io.herald.platform.mqtt;

/**
 * What became of one published message. Immutable.
 *
 * @param matched sessions the message was routed to (0 when refused)
 * @param durable stored for every persistent session that must receive it
 * @param errorCode why it was refused, null when accepted
 */
public record PublishResult(boolean accepted, int matched, boolean durable, String errorCode, String detail) {

    public static PublishResult accepted(int matched, boolean durable) {
        return new PublishResult(true, matched, durable, null, null);
    }

    public static PublishResult refused(String errorCode, String detail) {
        return new PublishResult(false, 0, false, errorCode, detail);
    }
}
