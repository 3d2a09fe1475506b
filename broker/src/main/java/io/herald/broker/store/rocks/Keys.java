package io.herald.broker.store.rocks;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Keys of the per-client column families: {@code [u16 length][client id, UTF-8][suffix]}, the suffix
 * a big-endian queue sequence number (8 bytes) or packet id (2 bytes). The length prefix keeps every
 * client's keys contiguous and in suffix order whatever bytes its id holds (MQTT allows any UTF-8,
 * up to 65,535 bytes [MQTT-1.5.4-1]).
 */
final class Keys {

    static final int SEQ_BYTES = 8;
    static final int PACKET_ID_BYTES = 2;

    private Keys() {}

    /** The key of a record with one per name: a session by client id, a retained message by topic. */
    static byte[] name(String name) {
        return name.getBytes(StandardCharsets.UTF_8);
    }

    /** The key prefix of every record of {@code clientId}. */
    static byte[] prefix(String clientId) {
        byte[] id = clientId.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[2 + id.length];
        out[0] = (byte) (id.length >>> 8);
        out[1] = (byte) id.length;
        System.arraycopy(id, 0, out, 2, id.length);
        return out;
    }

    static byte[] withSeq(byte[] prefix, long seq) {
        byte[] out = Arrays.copyOf(prefix, prefix.length + SEQ_BYTES);
        for (int i = 0; i < SEQ_BYTES; i++) {
            out[prefix.length + i] = (byte) (seq >>> (8 * (SEQ_BYTES - 1 - i)));
        }
        return out;
    }

    static byte[] withPacketId(byte[] prefix, int packetId) {
        byte[] out = Arrays.copyOf(prefix, prefix.length + PACKET_ID_BYTES);
        out[prefix.length] = (byte) (packetId >>> 8);
        out[prefix.length + 1] = (byte) packetId;
        return out;
    }

    /** An exclusive upper bound of every key with {@code prefix}, for range deletes and scans. */
    static byte[] end(byte[] prefix) {
        byte[] out = Arrays.copyOf(prefix, prefix.length + SEQ_BYTES + 1);
        Arrays.fill(out, prefix.length, out.length, (byte) 0xFF);
        return out;
    }

    /** The length of the client prefix that {@code key} starts with. */
    static int prefixLength(byte[] key) {
        return 2 + (((key[0] & 0xFF) << 8) | (key[1] & 0xFF));
    }

    static String clientId(byte[] key) {
        return new String(key, 2, prefixLength(key) - 2, StandardCharsets.UTF_8);
    }

    static long seq(byte[] key) {
        long seq = 0;
        for (int i = prefixLength(key); i < key.length; i++) {
            seq = (seq << 8) | (key[i] & 0xFF);
        }
        return seq;
    }

    static int packetId(byte[] key) {
        int at = prefixLength(key);
        return ((key[at] & 0xFF) << 8) | (key[at + 1] & 0xFF);
    }

    static boolean hasPrefix(byte[] key, byte[] prefix) {
        return key.length >= prefix.length && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
    }
}
