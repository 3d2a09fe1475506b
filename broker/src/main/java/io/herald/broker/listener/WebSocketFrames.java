package io.herald.broker.listener;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.ReferenceCountUtil;

/**
 * Turns a WebSocket connection into the byte stream MQTT expects: the payloads of binary and
 * continuation frames go on, in order, to the MQTT frame splitter, so a packet split across frames and
 * several packets in one frame both work; what the broker writes leaves as binary frames. Text frames
 * are refused (MQTT over WebSocket is binary only) with close code 1003. An HTTP request that is not
 * the WebSocket upgrade on the MQTT path gets 404.
 *
 * <p>Threads: one instance per connection, on its event loop; no state.
 */
final class WebSocketFrames extends ChannelDuplexHandler {

    static final String HANDLER_NAME = "wsFrames";

    private final String path;

    WebSocketFrames(String path) {
        this.path = path;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof BinaryWebSocketFrame || msg instanceof ContinuationWebSocketFrame) {
            ctx.fireChannelRead(((WebSocketFrame) msg).content());
        } else if (msg instanceof WebSocketFrame) {
            ReferenceCountUtil.release(msg);
            ctx.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.INVALID_MESSAGE_TYPE,
                    "MQTT over WebSocket uses binary frames")).addListener(ChannelFutureListener.CLOSE);
        } else if (msg instanceof FullHttpRequest request) {
            ReferenceCountUtil.release(request);
            DefaultFullHttpResponse notFound = new DefaultFullHttpResponse(request.protocolVersion(),
                    HttpResponseStatus.NOT_FOUND, ctx.alloc().buffer().writeBytes(
                            ("MQTT over WebSocket is served at " + path + "\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
            notFound.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=us-ascii");
            notFound.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, notFound.content().readableBytes());
            notFound.headers().set(HttpHeaderNames.CONNECTION, "close");
            ctx.writeAndFlush(notFound).addListener(ChannelFutureListener.CLOSE);
        } else {
            ctx.fireChannelRead(msg);
        }
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        ctx.write(msg instanceof ByteBuf buf ? new BinaryWebSocketFrame(buf) : msg, promise);
    }
}
