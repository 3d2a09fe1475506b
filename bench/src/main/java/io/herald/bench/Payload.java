package io.herald.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * The bench's message body: publisher index, sequence number and the time the message was meant to be
 * sent ({@link System#nanoTime()} of this process), then zero padding up to the payload size.
 * Receivers use the first two to count lost and duplicated messages, the third for latency.
 */
final class Payload {

    /** Publisher (4 bytes), sequence (8), intended send time (8). */
    static final int HEADER = 20;

    private Payload() {}

    static ByteBuf encode(ByteBufAllocator alloc, int size, int publisher, long seq, long intendedNanos) {
        ByteBuf buf = alloc.buffer(size);
        buf.writeInt(publisher).writeLong(seq).writeLong(intendedNanos);
        buf.writeZero(size - HEADER);
        return buf;
    }

    static int publisher(ByteBuf payload) {
        return payload.getInt(payload.readerIndex());
    }

    static long seq(ByteBuf payload) {
        return payload.getLong(payload.readerIndex() + 4);
    }

    static long intendedNanos(ByteBuf payload) {
        return payload.getLong(payload.readerIndex() + 12);
    }

    /** Whether {@code payload} can be a bench message at all (another client's message is not). */
    static boolean isBench(ByteBuf payload) {
        return payload.readableBytes() >= HEADER;
    }
}
