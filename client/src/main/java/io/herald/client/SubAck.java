package io.herald.client;

import java.util.List;

/**
 * The server's answer to SUBSCRIBE: one code per requested filter, in order. Codes below 0x80 are the
 * granted QoS; 0x80 and above are refusals. Immutable.
 *
 * @param reasonCodes one code per filter
 * @param reasonString the server's MQTT 5 reason string, or null
 */
public record SubAck(List<Integer> reasonCodes, String reasonString) {

    public SubAck {
        reasonCodes = List.copyOf(reasonCodes);
    }

    /** True when the server granted every filter. */
    public boolean allGranted() {
        return reasonCodes.stream().allMatch(c -> c < 0x80);
    }
}
