package io.herald.client;

import java.util.List;

/**
 * The server's answer to UNSUBSCRIBE: one reason code per filter on MQTT 5 (0 success, 0x11 no
 * subscription existed, 0x80 and above refusals); all 0 on MQTT 3, which has no codes. Immutable.
 *
 * @param reasonCodes one code per filter
 * @param reasonString the server's MQTT 5 reason string, or null
 */
public record UnsubAck(List<Integer> reasonCodes, String reasonString) {

    public UnsubAck {
        reasonCodes = List.copyOf(reasonCodes);
    }

    /** True when no filter was refused. */
    public boolean allAccepted() {
        return reasonCodes.stream().allMatch(c -> c < 0x80);
    }
}
