package io.herald.platform.mqtt;

/**
 * The platform's answer to an inspected PUBLISH: accept (the broker routes it like any message) or
 * refuse with an MQTT 5 reason code (the publisher's PUBACK/PUBREC carries it; an MQTT 3 publisher's
 * message is dropped and counted). Immutable.
 *
 * @param reason why it was refused, for logs; null when accepted
 */
public record InboundVerdict(int reasonCode, String reason) {

    public static final int NOT_AUTHORIZED = 0x87;
    public static final int QUOTA_EXCEEDED = 0x97;
    public static final int PAYLOAD_FORMAT_INVALID = 0x99;

    public static final InboundVerdict ACCEPT = new InboundVerdict(0, null);

    public InboundVerdict {
        if (reasonCode != 0 && reasonCode < 0x80 || reasonCode > 0xFF) {
            throw new IllegalArgumentException("a refusal needs an MQTT 5 error reason code (0x80..0xFF): " + reasonCode);
        }
    }

    public static InboundVerdict refuse(int reasonCode, String reason) {
        return new InboundVerdict(reasonCode, reason);
    }

    public boolean accepted() {
        return reasonCode == 0;
    }
}
