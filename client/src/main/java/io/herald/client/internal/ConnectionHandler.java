package io.herald.client.internal;

import io.herald.client.ErrnoConnect;
import io.herald.client.Transport;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakeException;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler.ClientHandshakeStateEvent;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.channels.ClosedChannelException;
import javax.net.ssl.SSLException;

/**
 * One connection's end of the pipeline: says when the transport (TCP, TLS, WebSocket) is ready for
 * CONNECT, passes decoded packets to the session, sends PINGREQ when the connection was idle for the
 * keep alive, and remembers why the connection ended.
 *
 * <p>Threads: one instance per channel, on the client's event loop.
 */
final class ConnectionHandler extends SimpleChannelInboundHandler<MqttMessage> {

    /** What the session hears from a connection. */
    interface Events {
        void ready(ConnectionHandler connection);

        void packet(ConnectionHandler connection, MqttMessage message);

        void closed(ConnectionHandler connection, Failure failure);
    }

    private final Events events;
    private final Transport transport;
    private ChannelHandlerContext ctx;
    private Failure failure;
    private boolean closedReported;
    private boolean pingOutstanding;

    ConnectionHandler(Events events, Transport transport) {
        super(false);
        this.events = events;
        this.transport = transport;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        super.channelActive(ctx);
        if (transport == Transport.TCP) {
            events.ready(this);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof SslHandshakeCompletionEvent tls) {
            if (!tls.isSuccess()) {
                close(new Failure(ErrnoConnect.TLS_ERROR, -1, "TLS handshake failed: " + rootMessage(tls.cause()),
                        tls.cause(), false));
            } else if (!transport.webSocket()) {
                events.ready(this);
            }
        } else if (evt == ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
            events.ready(this);
        } else if (evt == ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
            close(Failure.local(ErrnoConnect.CONNECTION_FAILED, "the WebSocket handshake timed out"));
        } else if (evt instanceof IdleStateEvent) {
            keepAliveIdle();
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, MqttMessage msg) {
        if (msg.decoderResult().isFailure()) {
            io.netty.util.ReferenceCountUtil.release(msg);
            close(Failure.local(ErrnoConnect.CONNECTION_FAILED,
                    "malformed packet from the server: " + rootMessage(msg.decoderResult().cause())));
            return;
        }
        events.packet(this, msg);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        close(classify(cause));
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        reportClosed();
        super.channelInactive(ctx);
    }

    /** The TCP connection could not be made; the channel never became active. */
    void connectFailed(Throwable cause) {
        if (failure == null) {
            failure = classify(cause);
        }
        reportClosed();
    }

    /** The attempt ended before a channel was opened. */
    void abort(Failure why) {
        if (failure == null) {
            failure = why;
        }
        reportClosed();
    }

    private void reportClosed() {
        if (closedReported) {
            return;
        }
        closedReported = true;
        events.closed(this, failure != null ? failure : Failure.serverClosed());
    }

    ChannelFuture write(Object message) {
        return ctx.writeAndFlush(message);
    }

    /** Closes the connection on our initiative; the first reason given is the one reported. */
    void close(Failure why) {
        if (failure == null) {
            failure = why;
        }
        if (ctx != null) {
            ctx.close();
        }
    }

    /** Starts the keep alive: a PINGREQ after {@code seconds} without sending anything. */
    void startKeepAlive(int seconds) {
        if (seconds > 0 && ctx.pipeline().get("keepAlive") == null) {
            ctx.pipeline().addBefore(PipelineFactory.HANDLER, "keepAlive", new IdleStateHandler(0, seconds, 0));
        }
    }

    void pingResponse() {
        pingOutstanding = false;
    }

    private void keepAliveIdle() {
        if (pingOutstanding) {
            // MQTT 3.1.1 §3.1.2.10: no PINGRESP in reasonable time, so close the network connection
            close(Failure.local(ErrnoConnect.CONNECTION_FAILED, "no PINGRESP within the keep alive"));
            return;
        }
        pingOutstanding = true;
        write(Packets.pingReq());
    }

    private static Failure classify(Throwable cause) {
        Throwable c = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        if (c instanceof SSLException) {
            return new Failure(ErrnoConnect.TLS_ERROR, -1, "TLS error: " + rootMessage(c), c, false);
        }
        if (c instanceof WebSocketClientHandshakeException) {
            return new Failure(ErrnoConnect.CONNECTION_FAILED, -1, "WebSocket upgrade refused: " + c.getMessage(), c,
                    false);
        }
        if (c instanceof ConnectException) {
            return new Failure(ErrnoConnect.CONNECTION_FAILED, -1, "cannot connect: " + rootMessage(c), c, false);
        }
        if (c instanceof ClosedChannelException) {
            return new Failure(ErrnoConnect.CONNECTION_FAILED, -1, "the connection closed", c, false);
        }
        if (c instanceof IOException) {
            return new Failure(ErrnoConnect.CONNECTION_FAILED, -1, "network error: " + rootMessage(c), c, false);
        }
        return new Failure(ErrnoConnect.CONNECTION_FAILED, -1, "protocol error: " + rootMessage(c), c, false);
    }

    static String rootMessage(Throwable t) {
        if (t == null) {
            return "unknown";
        }
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
        return root == t || t.getMessage() == null ? m : t.getMessage().contains(m) ? t.getMessage()
                : t.getMessage() + " (" + m + ")";
    }
}
