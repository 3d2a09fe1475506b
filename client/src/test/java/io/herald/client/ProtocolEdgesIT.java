package io.herald.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.herald.client.support.Recorder;
import io.herald.client.support.ScriptedServer;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttReasonCodeAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttUnsubAckMessage;
import io.netty.handler.codec.mqtt.MqttUnsubAckPayload;
import io.netty.handler.codec.mqtt.MqttMessageIdAndPropertiesVariableHeader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Protocol situations real brokers do not produce on demand, against a scripted server: every CONNACK
 * refusal, server limits, lost acknowledgements, keep alive, malformed and out-of-order packets.
 */
@Timeout(30)
class ProtocolEdgesIT {

    private final List<AutoCloseable> resources = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable r : resources) {
            r.close();
        }
    }

    @ParameterizedTest(name = "level {0} code 0x{1}: errno {2}")
    @CsvSource({"4, 01, 1", "4, 02, 2", "4, 03, 3", "4, 04, 4", "4, 05, 5",
        "5, 84, 1", "5, 85, 2", "5, 88, 3", "5, 89, 3", "5, 86, 4", "5, 87, 5", "5, 80, 6", "5, 8C, 4"})
    void refusedConnAck_mapsToTheSeedsErrno(int level, String hex, int errno) {
        int code = Integer.parseInt(hex, 16);
        ScriptedServer server = server((ctx, p, n) -> ctx.writeAndFlush(MqttMessageBuilders.connAck()
                .returnCode(MqttConnectReturnCode.valueOf((byte) code)).build()));
        HeraldMqttClient c = client(server, ProtocolVersion.ofLevel(level), new Recorder());
        assertThatThrownBy(() -> c.blocking().connect()).isInstanceOfSatisfying(MqttClientException.class, e -> {
            assertThat(e.code()).isEqualTo(MqttError.CONNECTION_FAILED);
            assertThat(e.errnoConnect()).isEqualTo(errno);
            assertThat(e.reasonCode()).isEqualTo(code);
            assertThat(e.getMessage()).contains(ErrnoConnect.describe(errno));
        });
    }

    @Test
    void refusedUnsubscribe_reportsCode14InTheSeedApi() throws Exception {
        ScriptedServer server = server((ctx, p, n) -> {
            switch (p.fixedHeader().messageType()) {
                case CONNECT -> ctx.writeAndFlush(ScriptedServer.connAck(false, MqttProperties.NO_PROPERTIES));
                case UNSUBSCRIBE -> ctx.writeAndFlush(new MqttUnsubAckMessage(
                        new MqttFixedHeader(MqttMessageType.UNSUBACK, false, MqttQoS.AT_MOST_ONCE, false, 0),
                        new MqttMessageIdAndPropertiesVariableHeader(
                                ((MqttMessageIdAndPropertiesVariableHeader) p.variableHeader()).messageId(),
                                MqttProperties.NO_PROPERTIES),
                        new MqttUnsubAckPayload((short) 0x87)));
                default -> { }
            }
        });
        MqttClient client = Mqtt.connect(server.url(), Map.of("protocolVersion", 5));
        resources.add(client::end);
        await().until(client::isConnected);
        CompletableFuture<MqttError> outcome = new CompletableFuture<>();
        client.unsubscribe("a/b", outcome::complete);
        MqttError e = outcome.get(5, TimeUnit.SECONDS);
        assertThat(e.code()).isEqualTo(MqttError.UNSUBSCRIBE_FAILED);
        assertThat(e.message()).isEqualTo("Unsubscribe failed");
    }

    @Test
    void sessionTakenOver_stopsAtOnceWithAStormError() {
        ScriptedServer server = server((ctx, p, n) -> {
            if (p.fixedHeader().messageType() == MqttMessageType.CONNECT) {
                ctx.writeAndFlush(ScriptedServer.connAck(false, MqttProperties.NO_PROPERTIES));
                ctx.writeAndFlush(new MqttMessage(new MqttFixedHeader(MqttMessageType.DISCONNECT, false,
                        MqttQoS.AT_MOST_ONCE, false, 0), new MqttReasonCodeAndPropertiesVariableHeader((byte) 0x8E,
                        MqttProperties.NO_PROPERTIES))).addListener(f -> ctx.close());
            }
        });
        Recorder events = new Recorder();
        HeraldMqttClient c = HeraldMqttClient.builder().serverUrl(server.url()).protocolVersion(ProtocolVersion.MQTT_5)
                .reconnect(ReconnectPolicy.forever()).listener(events).build();
        resources.add(c);
        c.blocking().connect();
        await().until(() -> !events.errors.isEmpty());
        assertThat(events.errors.get(0).getMessage()).contains("0x8E Session taken over");
        assertThat(events.disconnects.get(0).reasonCode()).isEqualTo(0x8E);
        assertThat(c.state()).isEqualTo(ClientState.DISCONNECTED);
        assertThat(server.connections()).isEqualTo(1);
    }

    @Test
    void connAckLimits_refusePublishesTheServerWouldReject() {
        MqttProperties limits = new MqttProperties();
        limits.add(new MqttProperties.IntegerProperty(MqttProperties.MAXIMUM_QOS, 1));
        limits.add(new MqttProperties.IntegerProperty(MqttProperties.RETAIN_AVAILABLE, 0));
        limits.add(new MqttProperties.IntegerProperty(MqttProperties.MAXIMUM_PACKET_SIZE, 100));
        ScriptedServer server = server((ctx, p, n) -> {
            if (p.fixedHeader().messageType() == MqttMessageType.CONNECT) {
                ctx.writeAndFlush(ScriptedServer.connAck(false, limits));
            }
        });
        HeraldMqttClient c = client(server, ProtocolVersion.MQTT_5, new Recorder());
        ConnAck ack = c.blocking().connect();
        assertThat(ack.maximumQos()).isEqualTo(1);
        assertThat(ack.retainAvailable()).isFalse();
        assertThat(ack.maximumPacketSize()).isEqualTo(100);
        assertPublishFails(c, PublishMessage.of("t", "x").withQos(2), "at most QoS 1");
        assertPublishFails(c, PublishMessage.of("t", "x").withRetain(true), "does not accept retained");
        assertPublishFails(c, PublishMessage.of("t", "x".repeat(100)), "the server accepts at most 100");
    }

    @Test
    void receiveMaximum_limitsUnacknowledgedPublishes() throws Exception {
        MqttProperties limits = new MqttProperties();
        limits.add(new MqttProperties.IntegerProperty(MqttProperties.RECEIVE_MAXIMUM, 2));
        List<Integer> ids = new java.util.concurrent.CopyOnWriteArrayList<>();
        ScriptedServer server = server((ctx, p, n) -> {
            if (p.fixedHeader().messageType() == MqttMessageType.CONNECT) {
                ctx.writeAndFlush(ScriptedServer.connAck(false, limits));
            } else if (p instanceof MqttPublishMessage pub) {
                ids.add(pub.variableHeader().packetId());
            }
        });
        HeraldMqttClient c = client(server, ProtocolVersion.MQTT_5, new Recorder());
        c.blocking().connect();
        List<CompletableFuture<PublishResult>> sent = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            sent.add(c.publish(PublishMessage.of("t", "m" + i).withQos(1)));
        }
        await().until(() -> ids.size() == 2);
        assertThat(server.next().packet().fixedHeader().messageType()).isEqualTo(MqttMessageType.CONNECT);
        server.next();
        server.next();
        // [MQTT-4.9.0-2] nothing more until an acknowledgement frees a slot
        assertThat(server.poll(300)).isNull();
        assertThat(sent).noneMatch(CompletableFuture::isDone);
    }

    @Test
    void serverKeepAlive_drivesPings_andAMissingPingrespClosesTheConnection() {
        MqttProperties props = new MqttProperties();
        props.add(new MqttProperties.IntegerProperty(MqttProperties.SERVER_KEEP_ALIVE, 1));
        ScriptedServer server = server((ctx, p, n) -> {
            if (p.fixedHeader().messageType() == MqttMessageType.CONNECT) {
                ctx.writeAndFlush(ScriptedServer.connAck(false, props));
            }
        });
        Recorder events = new Recorder();
        HeraldMqttClient c = HeraldMqttClient.builder().serverUrl(server.url()).protocolVersion(ProtocolVersion.MQTT_5)
                .keepAlive(Duration.ofSeconds(60)).listener(events).build();
        resources.add(c);
        assertThat(c.blocking().connect().serverKeepAlive()).isEqualTo(1);
        assertThat(server.next().packet().fixedHeader().messageType()).isEqualTo(MqttMessageType.CONNECT);
        assertThat(server.next().packet().fixedHeader().messageType()).isEqualTo(MqttMessageType.PINGREQ);
        await().atMost(Duration.ofSeconds(5)).until(() -> !events.disconnects.isEmpty());
        assertThat(events.disconnects.get(0).getMessage()).contains("no PINGRESP");
    }

    @Test
    void malformedPacketFromTheServer_closesTheConnectionSayingSo() {
        ScriptedServer server = server((ctx, p, n) -> {
            if (p.fixedHeader().messageType() == MqttMessageType.CONNECT) {
                ctx.writeAndFlush(ScriptedServer.connAck(false, MqttProperties.NO_PROPERTIES));
                // SUBACK with the reserved fixed-header flags 0x0F: malformed
                ctx.channel().writeAndFlush(Unpooled.wrappedBuffer(new byte[] {(byte) 0x9F, 3, 0, 1, 0}));
            }
        });
        Recorder events = new Recorder();
        HeraldMqttClient c = client(server, ProtocolVersion.MQTT_3_1_1, events);
        c.blocking().connect();
        await().until(() -> !events.disconnects.isEmpty());
        assertThat(events.disconnects.get(0).getMessage()).contains("malformed packet");
    }

    @Test
    void publishBeforeConnAck_isAProtocolError() {
        ScriptedServer server = server((ctx, p, n) -> ctx.writeAndFlush(publish(2, 7, false)));
        HeraldMqttClient c = client(server, ProtocolVersion.MQTT_3_1_1, new Recorder());
        assertThatThrownBy(() -> c.blocking().connect()).isInstanceOfSatisfying(MqttClientException.class,
                e -> assertThat(e.getMessage()).contains("PUBLISH before CONNACK"));
    }

    @Test
    void inboundQos2_isDeliveredOnce_andAnsweredPubrecThenPubcomp() {
        ScriptedServer server = server((ctx, p, n) -> {
            switch (p.fixedHeader().messageType()) {
                case CONNECT -> {
                    ctx.writeAndFlush(ScriptedServer.connAck(false, MqttProperties.NO_PROPERTIES));
                    ctx.writeAndFlush(publish(2, 7, false));
                    ctx.writeAndFlush(publish(2, 7, true));
                }
                case PUBREC -> ctx.writeAndFlush(ack(MqttMessageType.PUBREL, 7));
                default -> { }
            }
        });
        Recorder inbox = new Recorder();
        HeraldMqttClient c = client(server, ProtocolVersion.MQTT_3_1_1, inbox);
        c.blocking().connect();
        assertThat(inbox.next().payloadAsString()).isEqualTo("from server");
        List<MqttMessageType> seen = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            seen.add(server.next().packet().fixedHeader().messageType());
        }
        assertThat(seen).containsExactly(MqttMessageType.CONNECT, MqttMessageType.PUBREC, MqttMessageType.PUBREC,
                MqttMessageType.PUBCOMP);
        assertThat(inbox.messages).isEmpty();
    }

    @Test
    void afterReconnectWithSession_publishIsResentWithDupAndSameId_andPubrelIsResent() throws Exception {
        ScriptedServer server = server((ctx, p, n) -> {
            switch (p.fixedHeader().messageType()) {
                case CONNECT -> ctx.writeAndFlush(ScriptedServer.connAck(n > 1, MqttProperties.NO_PROPERTIES));
                case PUBLISH -> {
                    MqttPublishMessage pub = (MqttPublishMessage) p;
                    if (n == 1 && pub.fixedHeader().qosLevel() == MqttQoS.EXACTLY_ONCE) {
                        ctx.writeAndFlush(ack(MqttMessageType.PUBREC, pub.variableHeader().packetId()));
                    } else if (n == 1) {
                        ctx.close();
                    } else {
                        ctx.writeAndFlush(ack(MqttMessageType.PUBACK, pub.variableHeader().packetId()));
                    }
                }
                case PUBREL -> {
                    int id = ((MqttMessageIdVariableHeader) p.variableHeader()).messageId();
                    if (n > 1) {
                        ctx.writeAndFlush(ack(MqttMessageType.PUBCOMP, id));
                    }
                }
                default -> { }
            }
        });
        HeraldMqttClient c = HeraldMqttClient.builder().serverUrl(server.url()).clientId("resender")
                .cleanSession(false).reconnect(ReconnectPolicy.forever().withBackoff(Duration.ZERO,
                        Duration.ofMillis(20), Duration.ofMillis(50))).build();
        resources.add(c);
        c.blocking().connect();
        CompletableFuture<PublishResult> q2 = c.publish(PublishMessage.of("t", "two").withQos(2));
        assertThat(server.next().packet().fixedHeader().messageType()).isEqualTo(MqttMessageType.CONNECT);
        MqttPublishMessage first2 = (MqttPublishMessage) server.next().packet();
        assertThat(server.next().packet().fixedHeader().messageType()).isEqualTo(MqttMessageType.PUBREL);
        CompletableFuture<PublishResult> q1 = c.publish(PublishMessage.of("t", "one").withQos(1));
        MqttPublishMessage first1 = (MqttPublishMessage) server.next().packet();
        assertThat(first1.fixedHeader().isDup()).isFalse();

        List<ScriptedServer.Received> second = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            second.add(server.next());
        }
        assertThat(second).allMatch(r -> r.connection() == 2);
        assertThat(second.get(0).packet().fixedHeader().messageType()).isEqualTo(MqttMessageType.CONNECT);
        MqttMessage relSent = second.get(1).packet();
        assertThat(relSent.fixedHeader().messageType()).isEqualTo(MqttMessageType.PUBREL);
        assertThat(((MqttMessageIdVariableHeader) relSent.variableHeader()).messageId())
                .isEqualTo(first2.variableHeader().packetId());
        MqttPublishMessage resent = (MqttPublishMessage) second.get(2).packet();
        assertThat(resent.fixedHeader().isDup()).isTrue();
        assertThat(resent.variableHeader().packetId()).isEqualTo(first1.variableHeader().packetId());
        assertThat(q1.get(5, TimeUnit.SECONDS).qos()).isEqualTo(1);
        assertThat(q2.get(5, TimeUnit.SECONDS).qos()).isEqualTo(2);
    }

    private static MqttPublishMessage publish(int qos, int id, boolean dup) {
        return new MqttPublishMessage(new MqttFixedHeader(MqttMessageType.PUBLISH, dup, MqttQoS.valueOf(qos), false, 0),
                new MqttPublishVariableHeader("from/server", id), Unpooled.copiedBuffer("from server".getBytes()));
    }

    private static MqttMessage ack(MqttMessageType type, int id) {
        MqttQoS qos = type == MqttMessageType.PUBREL ? MqttQoS.AT_LEAST_ONCE : MqttQoS.AT_MOST_ONCE;
        return new MqttMessage(new MqttFixedHeader(type, false, qos, false, 0), MqttMessageIdVariableHeader.from(id));
    }

    private void assertPublishFails(HeraldMqttClient c, PublishMessage m, String why) {
        assertThat(c.publish(m)).failsWithin(Duration.ofSeconds(5)).withThrowableOfType(ExecutionException.class)
                .havingCause().isInstanceOfSatisfying(MqttClientException.class, e -> {
                    assertThat(e.code()).isEqualTo(MqttError.PUBLISH_FAILED);
                    assertThat(e.getMessage()).contains(why);
                });
    }

    private ScriptedServer server(ScriptedServer.Script script) {
        ScriptedServer s = ScriptedServer.start(script);
        resources.add(s);
        return s;
    }

    private HeraldMqttClient client(ScriptedServer server, ProtocolVersion v, Recorder recorder) {
        HeraldMqttClient c = HeraldMqttClient.builder().serverUrl(server.url()).protocolVersion(v)
                .connectTimeout(Duration.ofSeconds(5)).listener(recorder).build();
        resources.add(0, c);
        return c;
    }
}
