package io.herald.bench;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler.ClientHandshakeStateEvent;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttVersion;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Recorder;

/**
 * One MQTT connection of the load: connects, then subscribes (a subscriber), publishes (a publisher,
 * see {@link Publishing}) or stays idle. Subscribers acknowledge every QoS 1/2 message, count it in
 * their {@link Tally} and record its latency from the time it was meant to be sent; idle clients record
 * their CONNECT-to-CONNACK time instead.
 *
 * <p>Threads: all state but the atomic counters is owned by the connection's event loop; the counters
 * are read by the run's progress thread.
 */
final class LoadClient extends SimpleChannelInboundHandler<MqttMessage> {

    enum Role { PUBLISHER, SUBSCRIBER, IDLE }

    /** Session Expiry of persistent MQTT 5 subscribers, long enough for any run. */
    private static final int SESSION_EXPIRY_SECONDS = 3600;

    final String clientId;
    final Role role;
    final int index;
    final Tally tally = new Tally();
    final AtomicLong received = new AtomicLong();
    final AtomicLong receivedMeasured = new AtomicLong();
    final CompletableFuture<LoadClient> ready = new CompletableFuture<>();
    final CompletableFuture<Void> closed = new CompletableFuture<>();
    private final BenchOptions options;
    private final String filter;
    private final Recorder latency;
    private final AtomicLong measureFromNanos;
    private Publishing publishing;
    private Channel channel;
    private long connectSentNanos;

    /**
     * @param filter what a subscriber subscribes to (null for others)
     * @param measureFromNanos messages meant to be sent before this count towards totals, not latency;
     *     set by the run once every client is connected
     */
    LoadClient(String clientId, Role role, int index, BenchOptions options, String filter, Recorder latency,
            AtomicLong measureFromNanos) {
        this.clientId = clientId;
        this.role = role;
        this.index = index;
        this.options = options;
        this.filter = filter;
        this.latency = latency;
        this.measureFromNanos = measureFromNanos;
    }

    /** The publishing side; set before the connection opens, for a publisher only. */
    void publishing(Publishing p) {
        this.publishing = p;
    }

    Publishing publishing() {
        return publishing;
    }

    Channel channel() {
        return channel;
    }

    /** Sends DISCONNECT and closes; completes {@link #closed}. Any thread. */
    void disconnect() {
        channel.eventLoop().execute(() -> {
            if (channel.isActive()) {
                channel.writeAndFlush(MqttMessage.DISCONNECT).addListener(f -> channel.close());
            } else {
                channel.close();
            }
        });
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        channel = ctx.channel();
        if (!"ws".equals(options.transport())) {
            sendConnect(ctx);
        }
        super.channelActive(ctx);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt == ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
            sendConnect(ctx);
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        ready.completeExceptionally(new IllegalStateException(clientId + ": connection closed before it was ready"));
        closed.complete(null);
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ready.completeExceptionally(new IllegalStateException(clientId + ": " + cause.getMessage(), cause));
        ctx.close();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        if (publishing != null && ctx.channel().isWritable()) {
            publishing.writable();
        }
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.flush();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, MqttMessage msg) {
        if (msg.decoderResult().isFailure()) {
            ready.completeExceptionally(new IllegalStateException(clientId + ": undecodable packet from the broker: "
                    + msg.decoderResult().cause()));
            ctx.close();
            return;
        }
        switch (msg.fixedHeader().messageType()) {
            case CONNACK -> connAck(ctx, (MqttConnAckMessage) msg);
            case SUBACK -> subAck((MqttSubAckMessage) msg);
            case PUBLISH -> publish(ctx, (MqttPublishMessage) msg);
            case PUBREL -> ctx.write(Acks.of(MqttMessageType.PUBCOMP, packetId(msg)));
            case PUBACK, PUBCOMP -> publishing.acknowledged(packetId(msg));
            case PUBREC -> publishing.received(ctx, packetId(msg));
            case DISCONNECT -> ctx.close();
            default -> { }
        }
    }

    private void sendConnect(ChannelHandlerContext ctx) {
        boolean v5 = options.protocol() == 5;
        boolean keep = role == Role.SUBSCRIBER && options.persistent();
        MqttProperties props = new MqttProperties();
        if (v5 && keep) {
            props.add(new MqttProperties.IntegerProperty(MqttProperties.MqttPropertyType.SESSION_EXPIRY_INTERVAL.value(),
                    SESSION_EXPIRY_SECONDS));
        }
        if (v5) {
            props.add(new MqttProperties.IntegerProperty(MqttProperties.MqttPropertyType.RECEIVE_MAXIMUM.value(), 65_535));
        }
        connectSentNanos = System.nanoTime();
        ctx.writeAndFlush(MqttMessageBuilders.connect().clientId(clientId)
                .protocolVersion(v5 ? MqttVersion.MQTT_5 : MqttVersion.MQTT_3_1_1)
                .cleanSession(!keep).keepAlive(0).properties(props)
                .username(options.username())
                .password(options.password() == null ? null : options.password().getBytes(StandardCharsets.UTF_8))
                .build());
    }

    private void connAck(ChannelHandlerContext ctx, MqttConnAckMessage ack) {
        if (role == Role.IDLE) {
            latency.recordValue(TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - connectSentNanos));
        }
        MqttConnectReturnCode code = ack.variableHeader().connectReturnCode();
        if (code != MqttConnectReturnCode.CONNECTION_ACCEPTED) {
            ready.completeExceptionally(new IllegalStateException(clientId + ": broker refused the connection: " + code));
            ctx.close();
        } else if (role == Role.SUBSCRIBER && !ack.variableHeader().isSessionPresent()) {
            ctx.writeAndFlush(MqttMessageBuilders.subscribe().messageId(1)
                    .addSubscription(MqttQoS.valueOf(options.qos()), filter).build());
        } else {
            ready.complete(this);
        }
    }

    private void subAck(MqttSubAckMessage ack) {
        int granted = ack.payload().grantedQoSLevels().get(0);
        if (granted > 2) {
            ready.completeExceptionally(new IllegalStateException(clientId + ": subscription to " + filter
                    + " refused (0x" + Integer.toHexString(granted) + ")"));
        } else {
            ready.complete(this);
        }
    }

    private void publish(ChannelHandlerContext ctx, MqttPublishMessage p) {
        ByteBuf payload = p.payload();
        if (Payload.isBench(payload)) {
            long intended = Payload.intendedNanos(payload);
            tally.record(Payload.publisher(payload), Payload.seq(payload));
            received.incrementAndGet();
            if (intended >= measureFromNanos.get()) {
                receivedMeasured.incrementAndGet();
                latency.recordValue(Math.max(0, TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - intended)));
            }
        }
        int qos = p.fixedHeader().qosLevel().value();
        if (qos == 1) {
            ctx.write(MqttMessageBuilders.pubAck().packetId(p.variableHeader().packetId()).build());
        } else if (qos == 2) {
            ctx.write(Acks.of(MqttMessageType.PUBREC, p.variableHeader().packetId()));
        }
    }

    private static int packetId(MqttMessage msg) {
        return ((MqttMessageIdVariableHeader) msg.variableHeader()).messageId();
    }
}
