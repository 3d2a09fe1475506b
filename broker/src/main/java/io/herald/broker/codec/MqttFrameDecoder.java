package io.herald.broker.codec;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;
import java.util.List;

/**
 * Splits the byte stream into whole MQTT packets before Netty's replaying {@code MqttDecoder} sees
 * them, so a packet that arrives in pieces is parsed once, and enforces the maximum packet size from
 * the fixed header alone, before buffering the body. The bytes of a large packet still arriving count
 * against the broker's {@link PartialPacketBudget}. After a failure the rest of the stream is skipped:
 * the connection is being ended.
 *
 * <p>Threads: one instance per channel, on its event loop.
 */
public final class MqttFrameDecoder extends ByteToMessageDecoder {

    private final int maxPacketSize;
    private final PartialPacketBudget budget;
    /** Bytes of the packet being received now taken from the budget. */
    private long taken;
    private boolean failed;

    public MqttFrameDecoder(int maxPacketSize, PartialPacketBudget budget) {
        this.maxPacketSize = maxPacketSize;
        this.budget = budget;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        try {
            split(in, out);
        } catch (RuntimeException e) {
            failed = true;
            giveBack();
            throw e;
        }
    }

    private void split(ByteBuf in, List<Object> out) {
        while (in.isReadable(2)) {
            int start = in.readerIndex();
            int remaining = 0;
            int multiplier = 1;
            int lengthBytes = 0;
            boolean complete = false;
            while (lengthBytes < 4 && in.isReadable(1 + lengthBytes + 1)) {
                int b = in.getUnsignedByte(start + 1 + lengthBytes);
                lengthBytes++;
                remaining += (b & 0x7F) * multiplier;
                multiplier *= 128;
                if ((b & 0x80) == 0) {
                    complete = true;
                    break;
                }
            }
            if (!complete) {
                if (lengthBytes == 4) {
                    // [MQTT-2.2.3] the remaining length has at most four bytes
                    throw new CorruptedFrameException("remaining length exceeds four bytes");
                }
                return;
            }
            int packetSize = 1 + lengthBytes + remaining;
            if (packetSize > maxPacketSize) {
                throw new TooLongFrameException("packet of " + packetSize + " bytes exceeds the maximum of "
                        + maxPacketSize);
            }
            if (!in.isReadable(packetSize)) {
                if (packetSize > PartialPacketBudget.LARGE_PACKET) {
                    hold(in.readableBytes(), packetSize);
                }
                return;
            }
            out.add(in.readRetainedSlice(packetSize));
            giveBack();
        }
    }

    /** Counts the {@code buffered} bytes of an incomplete large packet against the budget. */
    private void hold(long buffered, int packetSize) {
        if (buffered <= taken) {
            return;
        }
        if (!budget.tryTake(buffered - taken)) {
            throw new PartialPacketBudget.Exhausted("a packet of " + packetSize + " bytes is arriving while "
                    + budget.used() + " of the " + budget.limit() + " bytes allowed for incomplete packets are in use");
        }
        taken = buffered;
    }

    private void giveBack() {
        if (taken > 0) {
            budget.giveBack(taken);
            taken = 0;
        }
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        giveBack();
    }
}
