package io.herald.broker.listener;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;

/**
 * A bound listener: accepts connections through its {@link AcceptGate} and gives each the pipeline of
 * its kind (TCP, TLS, WebSocket, WebSocket over TLS). Threads: created and closed by the broker's owner
 * thread; serves on event loops.
 */
public final class MqttListener implements AutoCloseable {

    private final ListenerSpec spec;
    private final Channel serverChannel;
    private final AcceptGate gate;

    private MqttListener(ListenerSpec spec, Channel serverChannel, AcceptGate gate) {
        this.spec = spec;
        this.serverChannel = serverChannel;
        this.gate = gate;
    }

    /**
     * Binds {@code address}; blocks until bound.
     *
     * @throws UncheckedIOException wrapping the bind failure (port in use, bad address)
     */
    static MqttListener bind(ListenerSpec spec, InetSocketAddress address, Transport transport, EventLoopGroup boss,
            EventLoopGroup workers, AcceptGate gate, ListenerInitializer initializer) {
        ServerBootstrap b = new ServerBootstrap()
                .group(boss, workers)
                .channel(transport.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .handler(gate)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(32 * 1024, 256 * 1024))
                .childHandler(initializer);
        try {
            Channel ch = b.bind(address).syncUninterruptibly().channel();
            return new MqttListener(spec, ch, gate);
        } catch (Exception e) {
            throw new UncheckedIOException(new IOException("cannot listen for " + spec.name() + " on "
                    + address.getHostString() + ":" + address.getPort() + ": " + e.getMessage(), e));
        }
    }

    public String name() {
        return spec.name();
    }

    public InetSocketAddress localAddress() {
        return (InetSocketAddress) serverChannel.localAddress();
    }

    /** Connections this listener accepted that are still open. */
    public int openConnections() {
        return gate.openConnections();
    }

    /** {@code host:port} of a remote address, for log lines. */
    static String describe(java.net.SocketAddress address) {
        return address instanceof InetSocketAddress a ? a.getHostString() + ":" + a.getPort() : String.valueOf(address);
    }

    /** Stops accepting; open connections stay until the worker loops close them. */
    @Override
    public void close() {
        serverChannel.close().syncUninterruptibly();
    }
}
