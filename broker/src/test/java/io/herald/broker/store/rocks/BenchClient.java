package io.herald.broker.store.rocks;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttVersion;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A minimal MQTT 3.1.1 client for {@link DurableStoreBench}: a persistent subscriber that acknowledges
 * every QoS 1 message, or a publisher that keeps a window of QoS 1 messages unacknowledged.
 *
 * <p>Threads: each client's state is touched on its channel's event loop only; the counters are atomic
 * for the bench thread to read.
 */
final class BenchClient extends SimpleChannelInboundHandler<MqttMessage> {

    final AtomicLong received = new AtomicLong();
    final AtomicLong acked = new AtomicLong();
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private final String clientId;
    private final String subscribeTo;
    private Channel channel;
    private String topic;
    private byte[] payload;
    private long toSend;
    private int packetId;

    private BenchClient(String clientId, String subscribeTo) {
        this.clientId = clientId;
        this.subscribeTo = subscribeTo;
    }

    /** Connects with CleanSession 0 and, when {@code subscribeTo} is set, subscribes at QoS 1. */
    static BenchClient connect(EventLoopGroup group, InetSocketAddress broker, String clientId, String subscribeTo) {
        BenchClient client = new BenchClient(clientId, subscribeTo);
        client.channel = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new MqttDecoder(1 << 20), MqttEncoder.INSTANCE, client);
                    }
                }).connect(broker).syncUninterruptibly().channel();
        client.channel.writeAndFlush(MqttMessageBuilders.connect().clientId(clientId).cleanSession(subscribeTo == null)
                .protocolVersion(MqttVersion.MQTT_3_1_1).keepAlive(0).build());
        client.ready.join();
        return client;
    }

    /** Publishes {@code count} QoS 1 messages on {@code topic}, keeping {@code window} of them unacknowledged. */
    void publish(String topic, byte[] body, long count, int window) {
        channel.eventLoop().execute(() -> {
            payload = body;
            toSend = count;
            this.topic = topic;
            for (int i = 0; i < window && toSend > 0; i++) {
                sendOne();
            }
            channel.flush();
        });
    }

    void close() {
        channel.writeAndFlush(MqttMessage.DISCONNECT).syncUninterruptibly();
        channel.close().syncUninterruptibly();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, MqttMessage msg) {
        switch (msg.fixedHeader().messageType()) {
            case CONNACK -> {
                if (((MqttConnAckMessage) msg).variableHeader().connectReturnCode().byteValue() != 0) {
                    ready.completeExceptionally(new IllegalStateException(clientId + ": " + msg));
                } else if (subscribeTo == null) {
                    ready.complete(null);
                } else {
                    ctx.writeAndFlush(MqttMessageBuilders.subscribe().messageId(1)
                            .addSubscription(MqttQoS.AT_LEAST_ONCE, subscribeTo).build());
                }
            }
            case SUBACK -> ready.complete(null);
            case PUBLISH -> {
                MqttPublishMessage p = (MqttPublishMessage) msg;
                received.incrementAndGet();
                ctx.write(MqttMessageBuilders.pubAck().packetId(p.variableHeader().packetId()).build());
            }
            case PUBACK -> {
                acked.incrementAndGet();
                if (toSend > 0) {
                    sendOne();
                }
            }
            default -> { }
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.flush();
    }

    private void sendOne() {
        packetId = packetId == 65_535 ? 1 : packetId + 1;
        toSend--;
        channel.write(MqttMessageBuilders.publish().topicName(topic).qos(MqttQoS.AT_LEAST_ONCE).messageId(packetId)
                .payload(Unpooled.wrappedBuffer(payload)).build());
    }
}
