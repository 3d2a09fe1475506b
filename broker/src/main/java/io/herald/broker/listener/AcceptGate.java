package io.herald.broker.listener;

import io.herald.broker.BrokerMetrics;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stands on a listener's server channel and decides, as each connection is accepted and before it
 * costs anything, whether it may stay: the broker-wide and per-listener connection limits and the
 * listener's connect rate. A refused connection is closed at once and counted in
 * {@code herald.listener.refused} (reason {@code max_connections} or {@code rate_limit}); the first
 * refusal of a burst is logged.
 *
 * <p>Threads: {@link #channelRead} on the listener's accept loop, which owns the rate limiter; the open
 * count is also decremented by the worker loops as connections close.
 */
final class AcceptGate extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(AcceptGate.class);

    private final String listener;
    private final int maxConnections;
    private final int maxConnectionsPerListener;
    private final ConnectRateLimiter rate;
    private final BrokerMetrics metrics;
    private final AtomicInteger open = new AtomicInteger();
    private boolean refusing; // accept loop: whether the last connection was refused, to log once per burst

    /**
     * @param maxConnections broker-wide limit, 0 for none
     * @param maxConnectionsPerListener this listener's limit, 0 for none
     */
    AcceptGate(String listener, int maxConnections, int maxConnectionsPerListener, ConnectRateLimiter rate,
            BrokerMetrics metrics) {
        this.listener = listener;
        this.maxConnections = maxConnections;
        this.maxConnectionsPerListener = maxConnectionsPerListener;
        this.rate = rate;
        this.metrics = metrics;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        Channel child = (Channel) msg;
        String refusal = refusal();
        if (refusal != null) {
            metrics.listenerRefused(listener, refusal);
            if (!refusing) {
                log.warn("{} {} refused: {}", listener, MqttListener.describe(child.remoteAddress()), refusal.equals("rate_limit")
                        ? "more new connections a second than the connect rate allows"
                        : "connection limit reached");
            }
            refusing = true;
            child.unsafe().closeForcibly();
            return;
        }
        refusing = false;
        open.incrementAndGet();
        child.closeFuture().addListener(f -> open.decrementAndGet());
        ctx.fireChannelRead(child);
    }

    private String refusal() {
        if (maxConnectionsPerListener > 0 && open.get() >= maxConnectionsPerListener
                || maxConnections > 0 && metrics.openConnections() >= maxConnections) {
            return "max_connections";
        }
        return rate.tryAcquire() ? null : "rate_limit";
    }

    /** Connections this listener accepted that are still open. */
    int openConnections() {
        return open.get();
    }
}
