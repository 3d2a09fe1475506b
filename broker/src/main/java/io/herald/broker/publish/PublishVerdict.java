package io.herald.broker.publish;

/**
 * A {@link PublishInterceptor}'s answer: accept (the broker routes the message like any other) or refuse
 * with an MQTT 5 reason code, which the publisher's PUBACK or PUBREC carries [MQTT-3.4.2.1]; an MQTT 3
 * publisher's refused message is acknowledged, dropped and counted (MQTT 3 has no negative
 * acknowledgement), a QoS 0 message is dropped and counted. Immutable.
 *
 * @param reasonCode 0 to accept; else an MQTT 5 error code (0x80..0xFF) that a PUBACK may carry
 * @param reason why, for logs; null when accepted
 */
public record PublishVerdict(int reasonCode, String reason) {

    /** 0x80 Unspecified error. */
    public static final int UNSPECIFIED_ERROR = 0x80;
    /** 0x87 Not authorized. */
    public static final int NOT_AUTHORIZED = 0x87;
    /** 0x97 Quota exceeded. */
    public static final int QUOTA_EXCEEDED = 0x97;
    /** 0x99 Payload format invalid. */
    public static final int PAYLOAD_FORMAT_INVALID = 0x99;

    public static final PublishVerdict ACCEPT = new PublishVerdict(0, null);

    public PublishVerdict {
        if (reasonCode != 0 && (reasonCode < 0x80 || reasonCode > 0xFF)) {
            throw new IllegalArgumentException("a refusal needs an MQTT 5 error reason code (0x80..0xFF), not "
                    + reasonCode);
        }
    }

    public static PublishVerdict refuse(int reasonCode, String reason) {
        if (reasonCode == 0) {
            throw new IllegalArgumentException("0 accepts; a refusal needs an error reason code");
        }
        return new PublishVerdict(reasonCode, reason);
    }

    public boolean accepted() {
        return reasonCode == 0;
    }
}
