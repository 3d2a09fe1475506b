package io.herald.broker.handler;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Ends a connection so that the last packets the broker wrote (a DISCONNECT with its reason code, a
 * refusing CONNACK) reach the client even while it is still sending: flushes them, ends the WebSocket
 * and TLS layers (one close frame, close_notify), shuts the socket's output down so the client reads
 * end of stream right after them, then reads and discards whatever the client still sends until it
 * closes its side or {@link #LINGER} has passed, and only then closes. Closing a socket with input
 * unread would make the kernel reset the connection at once: the client's next write fails, and a
 * client that reacts to that never reads what we sent.
 *
 * <p>Threads: {@link #start} on the channel's event loop.
 */
final class LingeringClose {

    /** How long a client that keeps sending is waited for: bounded, so it cannot pin the socket. */
    static final Duration LINGER = Duration.ofSeconds(2);

    private static final String DISCARD = "lingerDiscard";
    private static final ChannelHandler DISCARD_INPUT = new DiscardInput();

    private LingeringClose() {}

    /** Starts ending {@code ch} after what has been written to it so far. Channel loop. */
    static void start(Channel ch) {
        ChannelPipeline p = ch.pipeline();
        if (!ch.isActive() || p.get(DISCARD) != null) {
            ch.close();
            return;
        }
        p.addFirst(DISCARD, DISCARD_INPUT);
        for (String timer : new String[] {KeepAlive.HANDLER_NAME, KeepAlive.CONNECT_DEADLINE}) {
            if (p.get(timer) != null) {
                p.remove(timer); // the linger bounds the wait from now on
            }
        }
        ScheduledFuture<?> timeout = ch.eventLoop().schedule((Runnable) ch::close, LINGER.toMillis(),
                TimeUnit.MILLISECONDS);
        ch.closeFuture().addListener(f -> timeout.cancel(false));
        ChannelFuture written = p.get(WebSocketServerProtocolHandler.class) != null
                ? ch.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.NORMAL_CLOSURE))
                : ch.writeAndFlush(Unpooled.EMPTY_BUFFER);
        written.addListener(w -> {
            SslHandler ssl = p.get(SslHandler.class);
            if (w.isSuccess() && ssl != null) {
                ssl.closeOutbound().addListener(c -> shutdownOutput(ch, c.isSuccess()));
            } else {
                shutdownOutput(ch, w.isSuccess());
            }
        });
    }

    /** The client reads end of stream after our last bytes; we go on reading until it closes too. */
    private static void shutdownOutput(Channel ch, boolean written) {
        if (!written || !(ch instanceof DuplexChannel duplex)) {
            ch.close();
            return;
        }
        duplex.shutdownOutput().addListener(s -> {
            if (!s.isSuccess()) {
                ch.close();
            }
        });
        ch.config().setAutoRead(true);
        ch.read();
        // end of stream from the client closes the channel: half-closure is not allowed on our channels
    }

    /** First in the pipeline while lingering: what the client still sends is dropped unparsed. */
    @ChannelHandler.Sharable
    private static final class DiscardInput extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close(); // a reset while lingering: nothing more to deliver
        }
    }
}
