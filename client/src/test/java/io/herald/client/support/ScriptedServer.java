package io.herald.client.support;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import java.net.InetSocketAddress;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An MQTT server on 127.0.0.1 that answers as the test's script says, for the protocol situations a
 * real broker does not produce on demand (refusal codes, limits in CONNACK, lost acknowledgements,
 * malformed packets). Records every packet it receives.
 *
 * <p>Threads: its own event loop runs the script; the record is a concurrent queue.
 */
public final class ScriptedServer implements AutoCloseable {

    /** What the server does with each packet it receives; {@code connection} counts from 1. */
    @FunctionalInterface
    public interface Script {
        void onPacket(ChannelHandlerContext ctx, MqttMessage packet, int connection);
    }

    /** A packet the server received, with the number of the connection it came on. */
    public record Received(MqttMessage packet, int connection) {}

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final Channel server;

    private ScriptedServer(Script script) {
        server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        int n = connections.incrementAndGet();
                        ch.pipeline().addLast(new MqttDecoder(1 << 20), MqttEncoder.INSTANCE,
                                new SimpleChannelInboundHandler<MqttMessage>() {
                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx, MqttMessage msg) {
                                        // keep a heap copy: the pooled original is released after this method
                                        received.add(new Received(msg instanceof MqttPublishMessage p
                                                ? p.replace(Unpooled.copiedBuffer(p.payload())) : msg, n));
                                        script.onPacket(ctx, msg, n);
                                    }
                                });
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", 0)).syncUninterruptibly().channel();
    }

    public static ScriptedServer start(Script script) {
        return new ScriptedServer(script);
    }

    public String url() {
        return "mqtt://127.0.0.1:" + ((InetSocketAddress) server.localAddress()).getPort();
    }

    /** The next packet received, waiting up to five seconds; fails when none comes. */
    public Received next() {
        try {
            Received r = received.poll(5, TimeUnit.SECONDS);
            if (r == null) {
                throw new AssertionError("the server received nothing within 5 s");
            }
            return r;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The next packet received, or null after {@code millis}. */
    public Received poll(long millis) throws InterruptedException {
        return received.poll(millis, TimeUnit.MILLISECONDS);
    }

    public int connections() {
        return connections.get();
    }

    /** A successful CONNACK with these MQTT 5 properties. */
    public static MqttConnAckMessage connAck(boolean sessionPresent, MqttProperties properties) {
        return MqttMessageBuilders.connAck().returnCode(MqttConnectReturnCode.CONNECTION_ACCEPTED)
                .sessionPresent(sessionPresent).properties(properties).build();
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
