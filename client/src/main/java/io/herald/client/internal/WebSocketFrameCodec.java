package io.herald.client.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageCodec;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.util.List;

/**
 * Carries MQTT bytes in WebSocket frames: outgoing bytes become binary frames; the content of
 * incoming binary and continuation frames becomes one byte stream, because frame boundaries are not
 * packet boundaries [MQTT-6.0.0-2].
 *
 * <p>Threads: one instance per channel, on its event loop.
 */
final class WebSocketFrameCodec extends MessageToMessageCodec<WebSocketFrame, ByteBuf> {

    @Override
    protected void encode(ChannelHandlerContext ctx, ByteBuf msg, List<Object> out) {
        // [MQTT-6.0.0-1] MQTT control packets travel in binary frames
        out.add(new BinaryWebSocketFrame(msg.retain()));
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, WebSocketFrame frame, List<Object> out) {
        if (frame instanceof BinaryWebSocketFrame || frame instanceof ContinuationWebSocketFrame) {
            out.add(frame.content().retain());
        } else {
            // [MQTT-6.0.0-1] a text frame is a protocol error: close the connection
            ctx.close();
        }
    }
}
