package io.herald.broker.publish;

import java.util.Objects;

/** Why the broker did not accept an in-process publish: the reason, with its MQTT 5 reason code. */
public final class PublishRefusedException extends RuntimeException {

    /** Why a publish was refused; each has the MQTT 5 reason code a PUBACK/PUBREC would carry. */
    public enum Reason {
        /** The origin may not publish to the topic, or its credential has expired (0x87). */
        NOT_AUTHORIZED(0x87),
        /** A topic reserved for the broker, such as {@code $SYS/...} (0x87). */
        RESERVED_TOPIC(0x87),
        /** The request does not make a valid MQTT message (0x99, payload format invalid, or 0x90, topic name invalid). */
        INVALID(0x90),
        /** Larger than the broker's maximum packet size (0x95). */
        TOO_LARGE(0x95),
        /** A limit of the broker was reached (0x97). */
        QUOTA_EXCEEDED(0x97),
        /** The store failed to take the message (0x80, unspecified error). */
        STORE_UNAVAILABLE(0x80);

        private final int reasonCode;

        Reason(int reasonCode) {
            this.reasonCode = reasonCode;
        }

        /** The MQTT 5 reason code. */
        public int reasonCode() {
            return reasonCode;
        }
    }

    private final Reason reason;

    public PublishRefusedException(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public PublishRefusedException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }

    /** The MQTT 5 reason code of {@link #reason()}. */
    public int reasonCode() {
        return reason.reasonCode();
    }
}
