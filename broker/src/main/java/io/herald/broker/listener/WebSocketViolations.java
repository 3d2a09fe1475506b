package io.herald.broker.listener;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;

/**
 * Answers a frame the WebSocket decoder refused (too large: 1009, not masked or otherwise invalid:
 * 1002) with one close frame carrying its status [RFC 6455 7.4.1], then closes. Netty's decoder, left
 * to do it, writes its close frame past the protocol handler, which then sends a second one (1000) when
 * the channel closes; written here, through the protocol handler, it is the only one.
 *
 * <p>Threads: one instance per connection, on its event loop; no state.
 */
final class WebSocketViolations extends ChannelInboundHandlerAdapter {

    static final String HANDLER_NAME = "wsViolations";

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof CorruptedWebSocketFrameException invalid && ctx.channel().isActive()) {
            ctx.channel().writeAndFlush(new CloseWebSocketFrame(invalid.closeStatus()));
        }
        ctx.fireExceptionCaught(cause);
    }
}
