package io.herald.bench.devices;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPubReplyMessageVariableHeader;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttVersion;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One simulated thing on one MQTT connection, as a device written for Huawei IoTDA behaves. Commands
 * mode: subscribes to {@code $oc/devices/{id}/sys/commands/#} (as IoTDA's SDKs do; its own answers come
 * back through it and are ignored) and answers every command at once on {@code
 * …/sys/commands/response/request_id={id}} with result code 0. Reports mode: publishes smoke-detector
 * property reports at QoS 1, keeping {@code inflight} unacknowledged, until a deadline; report number n
 * carries {@code temperature: n}, so the latest value names the last report stored.
 *
 * <p>Threads: everything but the atomic counters and the futures is owned by the connection's event
 * loop; the counters are read by the run's thread.
 */
final class ThingClient extends SimpleChannelInboundHandler<MqttMessage> {

    private static final String REQUEST = "/sys/commands/request_id=";
    private static final byte[] ANSWER = "{\"result_code\":0,\"response_name\":\"COMMAND_RESPONSE\",\"paras\":{\"result\":\"success\"}}"
            .getBytes(StandardCharsets.UTF_8);

    final Thing thing;
    final CompletableFuture<ThingClient> ready = new CompletableFuture<>();
    /** Completes when reporting has ended and every report is acknowledged. */
    final CompletableFuture<ThingClient> reported = new CompletableFuture<>();
    final AtomicLong commandsAnswered = new AtomicLong();
    final AtomicLong reportsAcked = new AtomicLong();
    final AtomicLong reportsRefused = new AtomicLong();
    /** The highest report number acknowledged as accepted; 0 for none. */
    final AtomicLong lastAcked = new AtomicLong();
    /** {@link System#nanoTime} of the last acknowledgement; read after {@link #reported} completes. */
    volatile long reportedAtNanos;
    private final boolean huawei;
    private final int protocol;
    private final boolean subscribe;
    private final int inflight;

    // owned by the event loop
    private ChannelHandlerContext ctx;
    private int nextPacketId;
    private long nextReport = 1;
    private long deadlineNanos;
    private final Map<Integer, Long> unacked = new HashMap<>();

    /**
     * @param subscribe subscribe to commands and answer them (commands mode)
     * @param inflight reports kept unacknowledged (reports mode)
     */
    ThingClient(Thing thing, boolean huawei, int protocol, boolean subscribe, int inflight) {
        this.thing = thing;
        this.huawei = huawei;
        this.protocol = protocol;
        this.subscribe = subscribe;
        this.inflight = inflight;
    }

    /** Starts reporting until {@code deadlineNanos} ({@link System#nanoTime}). Any thread. */
    void report(long deadlineNanos) {
        ctx.executor().execute(() -> {
            this.deadlineNanos = deadlineNanos;
            for (int i = 0; i < inflight; i++) {
                sendReport();
            }
            ctx.flush();
        });
    }

    /** Sends DISCONNECT and closes. Any thread. */
    void disconnect() {
        if (ctx != null) {
            ctx.executor().execute(() -> ctx.writeAndFlush(MqttMessage.DISCONNECT).addListener(f -> ctx.close()));
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        this.ctx = ctx;
        String clientId = thing.id();
        String password = thing.secret();
        if (huawei) {
            String hour = HuaweiSignature.hourOf(Instant.now());
            clientId = HuaweiSignature.clientId(thing.id(), hour);
            password = HuaweiSignature.password(thing.secret(), hour);
        }
        ctx.writeAndFlush(MqttMessageBuilders.connect().clientId(clientId)
                .protocolVersion(protocol == 5 ? MqttVersion.MQTT_5 : MqttVersion.MQTT_3_1_1)
                .cleanSession(true).keepAlive(0).username(thing.id())
                .password(password.getBytes(StandardCharsets.UTF_8)).build());
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        IllegalStateException closed = new IllegalStateException(thing.id() + ": connection closed");
        ready.completeExceptionally(closed);
        reported.completeExceptionally(closed);
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ready.completeExceptionally(new IllegalStateException(thing.id() + ": " + cause.getMessage(), cause));
        ctx.close();
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.flush();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, MqttMessage msg) {
        if (msg.decoderResult().isFailure()) {
            ready.completeExceptionally(new IllegalStateException(thing.id() + ": undecodable packet: "
                    + msg.decoderResult().cause()));
            ctx.close();
            return;
        }
        switch (msg.fixedHeader().messageType()) {
            case CONNACK -> connAck((MqttConnAckMessage) msg);
            case SUBACK -> subAck((MqttSubAckMessage) msg);
            case PUBLISH -> publish((MqttPublishMessage) msg);
            case PUBACK -> pubAck(msg);
            case DISCONNECT -> ctx.close();
            default -> { }
        }
    }

    private void connAck(MqttConnAckMessage ack) {
        MqttConnectReturnCode code = ack.variableHeader().connectReturnCode();
        if (code != MqttConnectReturnCode.CONNECTION_ACCEPTED) {
            ready.completeExceptionally(new IllegalStateException(thing.id() + ": the broker refused the connection: " + code));
            ctx.close();
        } else if (subscribe) {
            ctx.writeAndFlush(MqttMessageBuilders.subscribe().messageId(packetId())
                    .addSubscription(MqttQoS.AT_LEAST_ONCE, "$oc/devices/" + thing.id() + "/sys/commands/#").build());
        } else {
            ready.complete(this);
        }
    }

    private void subAck(MqttSubAckMessage ack) {
        int granted = ack.payload().grantedQoSLevels().getFirst();
        if (granted > 2) {
            ready.completeExceptionally(new IllegalStateException(thing.id() + ": subscription to its commands refused (0x"
                    + Integer.toHexString(granted) + ")"));
        } else {
            ready.complete(this);
        }
    }

    private void publish(MqttPublishMessage p) {
        if (p.fixedHeader().qosLevel() == MqttQoS.AT_LEAST_ONCE) {
            ctx.write(MqttMessageBuilders.pubAck().packetId(p.variableHeader().packetId()).build());
        }
        String topic = p.variableHeader().topicName();
        int at = topic.indexOf(REQUEST);
        if (at < 0) {
            return; // our own answer, back through sys/commands/#
        }
        String requestId = topic.substring(at + REQUEST.length());
        ctx.write(qos1("$oc/devices/" + thing.id() + "/sys/commands/response/request_id=" + requestId, packetId(),
                ctx.alloc().buffer(ANSWER.length).writeBytes(ANSWER)));
        commandsAnswered.incrementAndGet();
    }

    private void pubAck(MqttMessage msg) {
        int id = ((MqttMessageIdVariableHeader) msg.variableHeader()).messageId();
        Long report = unacked.remove(id);
        if (report == null) {
            return; // a command answer's PUBACK
        }
        if (refused(msg)) {
            reportsRefused.incrementAndGet();
        } else {
            reportsAcked.incrementAndGet();
            lastAcked.accumulateAndGet(report, Math::max);
        }
        if (System.nanoTime() - deadlineNanos < 0) {
            sendReport();
        } else if (unacked.isEmpty()) {
            reportedAtNanos = System.nanoTime();
            reported.complete(this);
        }
    }

    /**
     * Whether a PUBACK refuses its PUBLISH: [MQTT-3.4.2.1] reason codes 0x80 and above (MQTT 5 only; 3.1.1
     * has none). Netty gives the code as a signed byte (0x97 is -105), hence the mask.
     */
    static boolean refused(MqttMessage puback) {
        return puback.variableHeader() instanceof MqttPubReplyMessageVariableHeader v && (v.reasonCode() & 0xFF) >= 0x80;
    }

    private void sendReport() {
        long n = nextReport++;
        int id = packetId();
        unacked.put(id, n);
        ctx.write(qos1("$oc/devices/" + thing.id() + "/sys/properties/report", id,
                ctx.alloc().buffer(160).writeBytes(PropertyPayload.smokeDetector(n))));
    }

    /** A QoS 1 PUBLISH owning {@code payload} (the encoder releases it; Netty's builder would copy it and leak ours). */
    private static MqttPublishMessage qos1(String topic, int packetId, ByteBuf payload) {
        return new MqttPublishMessage(new MqttFixedHeader(MqttMessageType.PUBLISH, false, MqttQoS.AT_LEAST_ONCE, false, 0),
                new MqttPublishVariableHeader(topic, packetId, MqttProperties.NO_PROPERTIES), payload);
    }

    private int packetId() {
        nextPacketId = nextPacketId % 65_535 + 1;
        return nextPacketId;
    }
}
