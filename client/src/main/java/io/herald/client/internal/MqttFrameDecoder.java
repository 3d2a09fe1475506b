package io.herald.client.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;
import java.util.List;

/**
 * Splits the byte stream into whole MQTT packets before Netty's replaying {@code MqttDecoder} sees
 * them, so a packet arriving in pieces is parsed once, and refuses packets larger than the client's
 * maximum from the fixed header alone.
 *
 * <p>Threads: one instance per channel, on its event loop.
 */
final class MqttFrameDecoder extends ByteToMessageDecoder {

    private final int maxPacketSize;

    MqttFrameDecoder(int maxPacketSize) {
        this.maxPacketSize = maxPacketSize;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
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
                throw new TooLongFrameException("the server sent a packet of " + packetSize
                        + " bytes, more than the maximum of " + maxPacketSize);
            }
            if (!in.isReadable(packetSize)) {
                return;
            }
            out.add(in.readRetainedSlice(packetSize));
        }
    }
}
