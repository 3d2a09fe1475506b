package io.herald.broker.codec;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.util.ReferenceCountUtil;

/**
 * Watches the first bytes of a connection and refuses, at the first byte that cannot start a CONNECT,
 * what is not MQTT: a plain HTTP request or a TLS ClientHello on the MQTT TCP port is ended at once
 * instead of waiting for the connect timeout (an HTTP request line read as a fixed header announces a
 * packet of dozens of bytes that never comes). A CONNECT starts with the byte 0x10 [MQTT-3.1.0-1]
 * [MQTT-2.1.3-1], a remaining length of at most four bytes, then the protocol name {@code MQTT} (3.1.1,
 * 5) or {@code MQIsdp} (3.1) as a length-prefixed string [MQTT-3.1.2-1]. Once the protocol name is
 * through, it leaves the pipeline; the bytes themselves go on unchanged to the frame splitter.
 *
 * <p>Threads: one instance per channel, on its event loop.
 */
public final class ConnectPreamble extends ChannelInboundHandlerAdapter {

    public static final String HANDLER_NAME = "mqttPreamble";

    private static final int CONNECT_HEADER = 0x10;
    private static final byte[] MQTT = {0, 4, 'M', 'Q', 'T', 'T'};
    private static final byte[] MQISDP = {0, 6, 'M', 'Q', 'I', 's', 'd', 'p'};

    // owned by the channel's event loop
    /** Bytes of the stream seen so far. */
    private int position;
    /** Where the protocol name starts (after the remaining length), or -1 while that is still arriving. */
    private int nameStart = -1;
    /** Whether the protocol name's bytes so far match {@code MQTT}, {@code MQIsdp}. */
    private boolean mqtt = true;
    private boolean mqisdp = true;
    private boolean refused;

    /** The first bytes of a connection cannot start a CONNECT. */
    public static final class NotMqtt extends CorruptedFrameException {
        NotMqtt(String message) {
            super(message);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf in)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (refused) {
            ReferenceCountUtil.release(msg);
            return;
        }
        String problem = null;
        boolean done = false;
        for (int i = in.readerIndex(); i < in.writerIndex() && problem == null && !done; i++, position++) {
            int b = in.getUnsignedByte(i);
            if (position == 0) {
                problem = b == CONNECT_HEADER ? null : "first byte 0x" + Integer.toHexString(b) + " is not a CONNECT";
            } else if (nameStart < 0) {
                if ((b & 0x80) == 0) {
                    nameStart = position + 1;
                } else if (position == 4) {
                    problem = "remaining length longer than four bytes"; // [MQTT-2.2.3]
                }
            } else {
                int k = position - nameStart;
                mqtt &= k < MQTT.length && b == MQTT[k];
                mqisdp &= k < MQISDP.length && b == MQISDP[k];
                if (!mqtt && !mqisdp) {
                    problem = "protocol name is neither MQTT nor MQIsdp";
                }
                done = mqtt && k == MQTT.length - 1 || mqisdp && k == MQISDP.length - 1;
            }
        }
        if (problem != null) {
            refused = true;
            ReferenceCountUtil.release(msg);
            ctx.fireExceptionCaught(new NotMqtt(problem));
            return;
        }
        ctx.fireChannelRead(msg);
        if (done) {
            ctx.pipeline().remove(this);
        }
    }
}
