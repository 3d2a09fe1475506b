package io.herald.broker.store.rocks;

import io.herald.broker.store.StoreException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads the fields {@link RecordWriter} wrote. A record that ends early, has a bad length or has
 * bytes left over is corrupt: every method then throws {@link StoreException}.
 *
 * <p>Threads: confined to the thread that decodes the record.
 */
final class RecordReader {

    private final byte[] data;
    private final String what;
    private int pos;

    /** @param what names the record in error messages, e.g. "queued message of client c1" */
    RecordReader(byte[] data, String what) {
        this.data = data;
        this.what = what;
    }

    int u8() {
        need(1);
        return data[pos++] & 0xFF;
    }

    long varint() {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = u8();
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw corrupt("varint longer than 10 bytes");
    }

    int varint32() {
        long v = varint();
        if (v > Integer.MAX_VALUE) {
            throw corrupt("value out of range: " + v);
        }
        return (int) v;
    }

    String string() {
        return new String(bytes(), StandardCharsets.UTF_8);
    }

    String nullableString() {
        byte[] b = nullableBytes();
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    byte[] bytes() {
        return raw(varint32());
    }

    byte[] nullableBytes() {
        int n = varint32();
        return n == 0 ? null : raw(n - 1);
    }

    /** Checks that the whole record was read. */
    void end() {
        if (pos != data.length) {
            throw corrupt((data.length - pos) + " unexpected bytes at the end");
        }
    }

    StoreException corrupt(String why) {
        return new StoreException("corrupt " + what + ": " + why);
    }

    private byte[] raw(int n) {
        need(n);
        byte[] out = Arrays.copyOfRange(data, pos, pos + n);
        pos += n;
        return out;
    }

    private void need(int n) {
        if (n < 0 || data.length - pos < n) {
            throw corrupt("ends after " + data.length + " bytes");
        }
    }
}
