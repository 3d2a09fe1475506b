package io.herald.broker.handler;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.timeout.IdleStateHandler;
import java.time.Duration;
import java.util.NoSuchElementException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The two timers of a connection, neither of which a slow sender can reset. Before CONNACK: the
 * connection must have sent a whole CONNECT and been accepted within the connect timeout, counted from
 * accept whatever bytes trickle in (the TLS handshake, the WebSocket upgrade and authentication
 * included) [MQTT-3.1.4-1]. After it: a client that sends no whole control packet for one and a half
 * times its keep alive is disconnected [MQTT-3.1.2-24]; the watch sits behind the frame splitter, so
 * the bytes of a packet still incomplete do not count. Both end at the connection handler, which
 * closes the connection as abnormal (so the will is published).
 *
 * <p>Threads: stateless; pipeline changes are thread-safe in Netty. The deadline handler is one per
 * channel, on its event loop.
 */
final class KeepAlive {

    static final String HANDLER_NAME = "idle";
    static final String CONNECT_DEADLINE = "connectDeadline";

    /** Fired into the pipeline when the connect timeout passes before CONNACK. */
    static final Object CONNECT_TIMEOUT = new Object();

    private final Duration connectTimeout;
    private final String afterHandler;

    /**
     * @param afterHandler the handler that emits whole packets; the keep-alive watch goes behind it
     */
    KeepAlive(Duration connectTimeout, String afterHandler) {
        this.connectTimeout = connectTimeout;
        this.afterHandler = afterHandler;
    }

    /** The handler installed when a connection opens: CONNECT must be done in time. */
    ChannelHandler awaitConnect() {
        return new ConnectDeadline(connectTimeout);
    }

    /** Replaces the connect timeout by the client's keep alive; 0 turns the mechanism off [MQTT-3.1.2-10]. */
    void start(Channel channel, int keepAliveSeconds) {
        ChannelPipeline pipeline = channel.pipeline();
        try {
            pipeline.remove(CONNECT_DEADLINE);
            if (keepAliveSeconds > 0) {
                long millis = keepAliveSeconds * 1_500L;
                pipeline.addAfter(afterHandler, HANDLER_NAME, new IdleStateHandler(millis, 0, 0, TimeUnit.MILLISECONDS));
            }
        } catch (NoSuchElementException closedMeanwhile) {
            // the channel closed and its pipeline was torn down: nothing to watch any more
        }
    }

    /** One timer from accept; bytes read do not move it. Removed at CONNACK or when the channel closes. */
    private static final class ConnectDeadline extends ChannelInboundHandlerAdapter {
        private final Duration timeout;
        private ScheduledFuture<?> task;

        ConnectDeadline(Duration timeout) {
            this.timeout = timeout;
        }

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            task = ctx.executor().schedule(() -> ctx.fireUserEventTriggered(CONNECT_TIMEOUT),
                    timeout.toMillis(), TimeUnit.MILLISECONDS);
        }

        @Override
        public void handlerRemoved(ChannelHandlerContext ctx) {
            task.cancel(false);
        }
    }
}
