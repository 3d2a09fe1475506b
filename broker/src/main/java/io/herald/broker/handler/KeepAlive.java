package io.herald.broker.handler;

import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.timeout.IdleStateHandler;
import java.time.Duration;
import java.util.NoSuchElementException;
import java.util.concurrent.TimeUnit;

/**
 * Keep alive: before CONNECT the connection must speak within the connect timeout; after it, a client
 * silent for one and a half times its keep-alive is disconnected [MQTT-3.1.2-24]. Idle events reach
 * the connection handler, which closes the connection as abnormal (so the will is published).
 *
 * <p>Threads: stateless; pipeline changes are thread-safe in Netty.
 */
final class KeepAlive {

    static final String HANDLER_NAME = "idle";

    private final Duration connectTimeout;

    KeepAlive(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    /** The handler installed when a connection opens: it must send CONNECT in time. */
    IdleStateHandler awaitConnect() {
        return new IdleStateHandler(connectTimeout.toMillis(), 0, 0, TimeUnit.MILLISECONDS);
    }

    /** Replaces the connect timeout by the client's keep alive; 0 turns the mechanism off [MQTT-3.1.2-10]. */
    void start(Channel channel, int keepAliveSeconds) {
        ChannelPipeline pipeline = channel.pipeline();
        try {
            if (keepAliveSeconds == 0) {
                pipeline.remove(HANDLER_NAME);
            } else {
                long millis = keepAliveSeconds * 1_500L;
                pipeline.replace(HANDLER_NAME, HANDLER_NAME, new IdleStateHandler(millis, 0, 0, TimeUnit.MILLISECONDS));
            }
        } catch (NoSuchElementException closedMeanwhile) {
            // the channel closed and its pipeline was torn down: nothing to watch any more
        }
    }
}
