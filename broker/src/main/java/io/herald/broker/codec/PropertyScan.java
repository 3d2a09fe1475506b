package io.herald.broker.codec;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.DecoderException;
import java.util.BitSet;

/**
 * Reads an MQTT 5 property block straight from a frame, for what Netty's {@code MqttDecoder} loses: it
 * keeps one value of a property given twice, silently. A property other than User Property given twice
 * is a protocol error [MQTT5-3.1.2.11] [MQTT5-3.3.2.3]; a Payload Format Indicator other than 0 or 1 is
 * not a valid value of it, a malformed packet [MQTT5-2.2.2.2] [MQTT5-3.3.2.3.2].
 *
 * <p>Threads: stateless.
 */
final class PropertyScan {

    private static final int PAYLOAD_FORMAT_INDICATOR = 0x01;
    private static final int SUBSCRIPTION_IDENTIFIER = 0x0B;
    private static final int USER_PROPERTY = 0x26;

    private PropertyScan() {
    }

    /**
     * Why the property block starting (with its length) at {@code i} is invalid, or null; an unknown or
     * truncated property also gives null, as the decoder reports those.
     *
     * @param end the frame's end
     * @param packet the packet's name, for the message
     */
    static DecoderException invalid(ByteBuf frame, int i, int end, String packet) {
        long length = 0;
        int multiplier = 1;
        int b;
        int lengthBytes = 0;
        do {
            if (i >= end || ++lengthBytes > 4) {
                return null;
            }
            b = frame.getUnsignedByte(i++);
            length += (long) (b & 0x7F) * multiplier;
            multiplier *= 128;
        } while ((b & 0x80) != 0);
        long stop = Math.min(end, i + length);
        BitSet seen = new BitSet(64);
        while (i < stop) {
            int id = frame.getUnsignedByte(i++);
            int size = size(frame, id, i, stop);
            if (size < 0 || i + size > stop) {
                return null;
            }
            if (id != USER_PROPERTY && id != SUBSCRIPTION_IDENTIFIER && seen.get(id)) {
                return new MqttPacketGuard.ProtocolError(packet + " property 0x" + Integer.toHexString(id)
                        + " given twice");
            }
            if (id == PAYLOAD_FORMAT_INDICATOR && frame.getUnsignedByte(i) > 1) {
                return new DecoderException("Payload Format Indicator " + frame.getUnsignedByte(i)
                        + " is neither 0 nor 1");
            }
            seen.set(id);
            i += size;
        }
        return null;
    }

    /** The size of a property's value at {@code i}, by its wire type [MQTT5-2.2.2.2]; -1 if unknown or truncated. */
    private static int size(ByteBuf frame, int id, int i, long stop) {
        return switch (id) {
            case 0x01, 0x17, 0x19, 0x24, 0x25, 0x28, 0x29, 0x2A -> 1;
            case 0x13, 0x21, 0x22, 0x23 -> 2;
            case 0x02, 0x11, 0x18, 0x27 -> 4;
            case SUBSCRIPTION_IDENTIFIER -> variableIntegerSize(frame, i, stop);
            case 0x03, 0x08, 0x09, 0x12, 0x15, 0x16, 0x1A, 0x1C, 0x1F -> i + 2 <= stop ? 2 + frame.getUnsignedShort(i) : -1;
            case USER_PROPERTY -> pairSize(frame, i, stop);
            default -> -1;
        };
    }

    private static int variableIntegerSize(ByteBuf frame, int i, long stop) {
        for (int n = 1; n <= 4 && i + n <= stop; n++) {
            if ((frame.getUnsignedByte(i + n - 1) & 0x80) == 0) {
                return n;
            }
        }
        return -1;
    }

    private static int pairSize(ByteBuf frame, int i, long stop) {
        if (i + 2 > stop) {
            return -1;
        }
        int nameEnd = i + 2 + frame.getUnsignedShort(i);
        return nameEnd + 2 <= stop ? nameEnd + 2 + frame.getUnsignedShort(nameEnd) - i : -1;
    }
}
