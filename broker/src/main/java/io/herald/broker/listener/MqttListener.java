package io.herald.broker.listener;

import io.herald.broker.BrokerMetrics;
import io.herald.broker.handler.MqttPipeline;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.SocketChannel;
import java.net.InetSocketAddress;

/**
 * A bound MQTT listener (plain TCP): accepts connections, enforces the connection limit and installs the
 * MQTT pipeline. Threads: created and closed by the broker's owner thread; serves on event loops.
 */
public final class MqttListener implements AutoCloseable {

    private final String name;
    private final Channel serverChannel;

    private MqttListener(String name, Channel serverChannel) {
        this.name = name;
        this.serverChannel = serverChannel;
    }

    /**
     * Binds {@code address}; blocks until bound.
     *
     * @throws java.io.UncheckedIOException wrapping the bind failure (port in use, bad address)
     */
    public static MqttListener bind(String name, InetSocketAddress address, Transport transport, EventLoopGroup boss,
            EventLoopGroup workers, MqttPipeline pipeline, int maxConnections, BrokerMetrics metrics) {
        ServerBootstrap b = new ServerBootstrap()
                .group(boss, workers)
                .channel(transport.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(32 * 1024, 256 * 1024))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (maxConnections > 0 && metrics.openConnections() >= maxConnections) {
                            metrics.connectRefused();
                            ch.close();
                            return;
                        }
                        pipeline.configure(ch.pipeline());
                    }
                });
        try {
            Channel ch = b.bind(address).syncUninterruptibly().channel();
            return new MqttListener(name, ch);
        } catch (Exception e) {
            throw new java.io.UncheckedIOException(
                    new java.io.IOException("cannot listen for " + name + " on " + address.getHostString() + ":"
                            + address.getPort() + ": " + e.getMessage(), e));
        }
    }

    public String name() {
        return name;
    }

    public InetSocketAddress localAddress() {
        return (InetSocketAddress) serverChannel.localAddress();
    }

    /** Stops accepting; open connections stay until the worker loops close them. */
    @Override
    public void close() {
        serverChannel.close().syncUninterruptibly();
    }
}
