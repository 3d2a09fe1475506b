package io.herald.broker.fuzz;

import java.util.List;

/** Whether bytes a client received form packets an MQTT 3.1.1 server may send. Stateless. */
final class ServerPackets {

    private ServerPackets() {}

    /**
     * Why {@code replies} is not a valid reply sequence, or null when it is: every packet a server
     * packet with valid flags and lengths, CONNACK first [MQTT-3.2.0-1], nothing after a refusal
     * [MQTT-3.2.2-5].
     */
    static String problem(List<byte[]> replies) {
        for (int i = 0; i < replies.size(); i++) {
            byte[] p = replies.get(i);
            if (!isValid(p)) {
                return "packet " + i + " is not a valid server packet";
            }
            boolean connack = (p[0] & 0xFF) == 0x20;
            if (i == 0 && !connack) {
                return "the first packet is not CONNACK";
            }
            if (i > 0 && connack) {
                return "a second CONNACK";
            }
            if (connack && p[3] != 0 && replies.size() > 1) {
                return "packets after a refused CONNACK";
            }
        }
        return null;
    }

    private static boolean isValid(byte[] p) {
        int type = (p[0] & 0xF0) >> 4;
        int flags = p[0] & 0x0F;
        int bodyStart = bodyStart(p);
        int length = p.length - bodyStart;
        return switch (type) {
            case 2 -> flags == 0 && length == 2 && (p[2] & 0xFE) == 0 && p[3] >= 0 && p[3] <= 5;
            case 3 -> (flags & 0x06) != 0x06 && length >= 2;
            case 4, 5, 7, 11 -> flags == 0 && length == 2;
            case 6 -> flags == 2 && length == 2;
            case 9 -> flags == 0 && length >= 3 && subackCodesValid(p, bodyStart + 2);
            case 13 -> flags == 0 && length == 0;
            default -> false;
        };
    }

    private static boolean subackCodesValid(byte[] p, int from) {
        for (int i = from; i < p.length; i++) {
            int code = p[i] & 0xFF;
            if (code > 2 && code != 0x80) {
                return false;
            }
        }
        return true;
    }

    private static int bodyStart(byte[] p) {
        int i = 1;
        while ((p[i] & 0x80) != 0) {
            i++;
        }
        return i + 1;
    }
}
