package io.herald.bench.devices;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Connects the simulated things over plain MQTT on one shared event-loop group (native epoll when it
 * loads), a bounded number of CONNECTs at a time so that a thousand things do not arrive at once.
 *
 * <p>Threads: {@link #connectAll} from the run's thread; the group's loops ({@code threads} of them)
 * serve the connections. {@link #close} once, at the end.
 */
final class ThingConnector implements AutoCloseable {

    private static final int CONNECTING_AT_ONCE = 100;

    private final String host;
    private final int port;
    private final EventLoopGroup group;
    private final Class<? extends Channel> channelClass;

    ThingConnector(String host, int port, int threads) {
        this.host = host;
        this.port = port;
        boolean epoll = Epoll.isAvailable();
        this.group = new MultiThreadIoEventLoopGroup(threads, epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        this.channelClass = epoll ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    /** Connects every client and waits until each is ready (CONNACK, and SUBACK when it subscribes). */
    void connectAll(List<ThingClient> clients, long timeoutSeconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        for (int from = 0; from < clients.size(); from += CONNECTING_AT_ONCE) {
            List<ThingClient> batch = clients.subList(from, Math.min(clients.size(), from + CONNECTING_AT_ONCE));
            for (ThingClient c : batch) {
                connect(c);
            }
            CompletableFuture.allOf(batch.stream().map(c -> c.ready).toArray(CompletableFuture[]::new))
                    .get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
    }

    private void connect(ThingClient client) {
        new Bootstrap().group(group).channel(channelClass)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast("mqttDecoder", new MqttDecoder(1 << 20));
                        ch.pipeline().addLast("mqttEncoder", MqttEncoder.INSTANCE);
                        ch.pipeline().addLast("thing", client);
                    }
                })
                .connect(host, port).addListener(f -> {
                    if (!f.isSuccess()) {
                        client.ready.completeExceptionally(f.cause());
                    }
                });
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
