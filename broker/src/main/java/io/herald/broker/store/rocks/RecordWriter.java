package io.herald.broker.store.rocks;

import io.herald.broker.message.Payload;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Appends the fields of one record to a growing byte array: unsigned LEB128 varints, UTF-8 strings
 * and byte arrays prefixed by their length. The counterpart of {@link RecordReader}.
 *
 * <p>Threads: confined to the thread that encodes the record.
 */
final class RecordWriter {

    private byte[] buf;
    private int len;

    RecordWriter(int capacity) {
        buf = new byte[Math.max(16, capacity)];
    }

    RecordWriter u8(int value) {
        ensure(1);
        buf[len++] = (byte) value;
        return this;
    }

    /** A non-negative long in 1 to 10 bytes. */
    RecordWriter varint(long value) {
        if (value < 0) {
            throw new IllegalArgumentException("varint must not be negative: " + value);
        }
        ensure(10);
        while ((value & ~0x7FL) != 0) {
            buf[len++] = (byte) ((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        buf[len++] = (byte) value;
        return this;
    }

    RecordWriter string(String value) {
        return bytes(value.getBytes(StandardCharsets.UTF_8));
    }

    /** A string that may be null: its length plus one, 0 for null. */
    RecordWriter nullableString(String value) {
        return nullableBytes(value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    RecordWriter bytes(byte[] value) {
        varint(value.length);
        return raw(value);
    }

    /** A payload: its length, then its bytes copied straight from its buffer. */
    RecordWriter payload(Payload value) {
        int n = value.length();
        varint(n);
        ensure(n);
        value.copyTo(buf, len);
        len += n;
        return this;
    }

    RecordWriter nullableBytes(byte[] value) {
        if (value == null) {
            return varint(0);
        }
        varint(value.length + 1L);
        return raw(value);
    }

    private RecordWriter raw(byte[] value) {
        ensure(value.length);
        System.arraycopy(value, 0, buf, len, value.length);
        len += value.length;
        return this;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buf, len);
    }

    private void ensure(int more) {
        if (len + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
        }
    }
}
