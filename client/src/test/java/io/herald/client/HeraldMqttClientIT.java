package io.herald.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.herald.client.support.HeraldBroker;
import io.herald.client.support.MosquittoBroker;
import io.herald.client.support.Ports;
import io.herald.client.support.Recorder;
import io.herald.client.support.TestBroker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The idiomatic client against Herald and Mosquitto over TCP: every protocol version and QoS, properties, states. */
@Timeout(30)
class HeraldMqttClientIT {

    private static HeraldBroker herald;
    private static MosquittoBroker mosquitto;
    private static final AtomicInteger IDS = new AtomicInteger();

    private final List<HeraldMqttClient> clients = new ArrayList<>();

    @BeforeAll
    static void startBrokers() {
        herald = HeraldBroker.launch();
        mosquitto = MosquittoBroker.launch();
    }

    @AfterAll
    static void stopBrokers() {
        herald.close();
        mosquitto.close();
    }

    @AfterEach
    void closeClients() {
        clients.forEach(HeraldMqttClient::close);
    }

    static Stream<TestBroker> brokers() {
        return Stream.of(herald, mosquitto);
    }

    static Stream<Arguments> brokersAndVersions() {
        return brokers().flatMap(b -> Stream.of(ProtocolVersion.values()).map(v -> Arguments.of(b, v)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("brokersAndVersions")
    void publishAtEachQos_subscriberReceivesEachOnce(TestBroker broker, ProtocolVersion version) {
        Recorder inbox = new Recorder();
        BlockingMqttClient sub = client(broker, version, inbox).blocking();
        BlockingMqttClient pub = client(broker, version, new Recorder()).blocking();
        ConnAck ack = sub.connect();
        assertThat(ack.reasonCode()).isZero();
        assertThat(ack.sessionPresent()).isFalse();
        pub.connect();
        String topic = topic();
        SubAck subAck = sub.subscribe(topic, 2);
        assertThat(subAck.reasonCodes()).containsExactly(2);
        for (int qos = 0; qos <= 2; qos++) {
            PublishResult r = pub.publish(PublishMessage.of(topic, "qos " + qos).withQos(qos));
            assertThat(r.qos()).isEqualTo(qos);
            ReceivedMessage m = inbox.next();
            assertThat(m.topic()).isEqualTo(topic);
            assertThat(m.payloadAsString()).isEqualTo("qos " + qos);
            assertThat(m.qos()).isEqualTo(qos);
        }
        assertThat(inbox.messages).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokers")
    void retainedMessage_isDeliveredOnSubscribeWithRetainFlag(TestBroker broker) {
        BlockingMqttClient pub = client(broker, ProtocolVersion.MQTT_3_1_1, new Recorder()).blocking();
        pub.connect();
        String topic = topic();
        pub.publish(PublishMessage.of(topic, "kept").withQos(1).withRetain(true));
        Recorder inbox = new Recorder();
        BlockingMqttClient sub = client(broker, ProtocolVersion.MQTT_3_1_1, inbox).blocking();
        sub.connect();
        sub.subscribe(topic, 1);
        ReceivedMessage m = inbox.next();
        assertThat(m.retain()).isTrue();
        assertThat(m.payloadAsString()).isEqualTo("kept");
        pub.publish(PublishMessage.of(topic, new byte[0]).withQos(1).withRetain(true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokers")
    void mqtt5Properties_travelWithTheMessage(TestBroker broker) {
        Recorder inbox = new Recorder();
        BlockingMqttClient sub = client(broker, ProtocolVersion.MQTT_5, inbox).blocking();
        BlockingMqttClient pub = client(broker, ProtocolVersion.MQTT_5, new Recorder()).blocking();
        sub.connect();
        pub.connect();
        String topic = topic();
        sub.subscribe(topic, 1);
        MessageProperties props = MessageProperties.ofUserProperties(List.of(new UserProperty("k", "v"),
                        new UserProperty("k", "w")))
                .withContentType("text/plain")
                .withResponse("reply/" + topic, new byte[] {1, 2, 3})
                .withMessageExpirySeconds(600L)
                .withPayloadFormatUtf8(true);
        pub.publish(PublishMessage.of(topic, "with properties").withQos(1).withProperties(props));
        ReceivedMessage m = inbox.next();
        assertThat(m.properties().userProperties()).containsExactly(new UserProperty("k", "v"),
                new UserProperty("k", "w"));
        assertThat(m.properties().contentType()).isEqualTo("text/plain");
        assertThat(m.properties().responseTopic()).isEqualTo("reply/" + topic);
        assertThat(m.properties().correlationData()).containsExactly(1, 2, 3);
        assertThat(m.properties().payloadFormatUtf8()).isTrue();
        assertThat(m.properties().messageExpirySeconds()).isBetween(590L, 600L);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokers")
    void unsubscribe_stopsDelivery(TestBroker broker) {
        Recorder inbox = new Recorder();
        BlockingMqttClient c = client(broker, ProtocolVersion.MQTT_5, inbox).blocking();
        c.connect();
        String topic = topic();
        c.subscribe(topic, 1);
        c.publish(PublishMessage.of(topic, "one").withQos(1));
        assertThat(inbox.next().payloadAsString()).isEqualTo("one");
        UnsubAck ack = c.unsubscribe(List.of(topic));
        assertThat(ack.reasonCodes()).containsExactly(0);
        c.publish(PublishMessage.of(topic, "two").withQos(1));
        c.subscribe(topic + "/other", 0);
        c.publish(PublishMessage.of(topic + "/other", "three"));
        assertThat(inbox.next().payloadAsString()).isEqualTo("three");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokers")
    void wildcardSubscription_receivesMatchingTopics(TestBroker broker) {
        Recorder inbox = new Recorder();
        BlockingMqttClient c = client(broker, ProtocolVersion.MQTT_3_1_1, inbox).blocking();
        c.connect();
        String base = topic();
        c.subscribe(List.of(Subscription.of(base + "/+/temp", 0), Subscription.of(base + "/all/#", 1)));
        c.publish(PublishMessage.of(base + "/kitchen/temp", "21"));
        c.publish(PublishMessage.of(base + "/kitchen/humidity", "no"));
        c.publish(PublishMessage.of(base + "/all/x/y", "deep").withQos(1));
        assertThat(List.of(inbox.next().topic(), inbox.next().topic()))
                .containsExactlyInAnyOrder(base + "/kitchen/temp", base + "/all/x/y");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokers")
    void disconnect_endsTheConnectionAndFailsLaterPublishes(TestBroker broker) throws Exception {
        Recorder events = new Recorder();
        HeraldMqttClient c = client(broker, ProtocolVersion.MQTT_3_1_1, events);
        c.connect().get(5, TimeUnit.SECONDS);
        assertThat(c.state()).isEqualTo(ClientState.CONNECTED);
        assertThat(c.canPublish()).isTrue();
        c.disconnect().get(5, TimeUnit.SECONDS);
        assertThat(c.state()).isEqualTo(ClientState.DISCONNECTED);
        assertThat(c.canPublish()).isFalse();
        await().until(() -> events.disconnects.size() == 1);
        assertThat(events.disconnects.get(0)).isNull();
        assertThatThrownBy(() -> c.publish(PublishMessage.of(topic(), "late")).get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOfSatisfying(MqttClientException.class,
                        e -> assertThat(e.code()).isEqualTo(MqttError.DISCONNECTED));
        c.connect().get(5, TimeUnit.SECONDS);
        assertThat(c.state()).isEqualTo(ClientState.CONNECTED);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokers")
    void persistentSession_keepsSubscriptionsAndQueuedMessages(TestBroker broker) {
        String id = "persist-" + IDS.incrementAndGet();
        String topic = topic();
        Recorder inbox = new Recorder();
        BlockingMqttClient sub = HeraldMqttClient.builder().serverUrl(broker.url()).clientId(id)
                .protocolVersion(ProtocolVersion.MQTT_5).cleanSession(false).sessionExpiry(Duration.ofMinutes(5))
                .listener(inbox).build().blocking();
        clients.add(sub.async());
        assertThat(sub.connect().sessionPresent()).isFalse();
        sub.subscribe(topic, 1);
        sub.disconnect();
        BlockingMqttClient pub = client(broker, ProtocolVersion.MQTT_5, new Recorder()).blocking();
        pub.connect();
        pub.publish(PublishMessage.of(topic, "while away").withQos(1));
        assertThat(sub.connect().sessionPresent()).isTrue();
        assertThat(inbox.next().payloadAsString()).isEqualTo("while away");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokers")
    void largePayload_isDeliveredWhole(TestBroker broker) {
        Recorder inbox = new Recorder();
        BlockingMqttClient c = client(broker, ProtocolVersion.MQTT_3_1_1, inbox).blocking();
        c.connect();
        String topic = topic();
        c.subscribe(topic, 1);
        byte[] big = new byte[200_000];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) i;
        }
        c.publish(new PublishMessage(topic, big, 1, false, false, MessageProperties.NONE));
        assertThat(inbox.next().payload()).isEqualTo(big);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokers")
    void manyQos1Publishes_allCompleteInOrder(TestBroker broker) throws Exception {
        Recorder inbox = new Recorder();
        HeraldMqttClient c = HeraldMqttClient.builder().serverUrl(broker.url()).maxInflight(5).listener(inbox)
                .build();
        clients.add(c);
        c.connect().get(5, TimeUnit.SECONDS);
        String topic = topic();
        c.subscribe(topic, 1).get(5, TimeUnit.SECONDS);
        List<java.util.concurrent.CompletableFuture<PublishResult>> all = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            all.add(c.publish(PublishMessage.of(topic, Integer.toString(i)).withQos(1)));
        }
        for (java.util.concurrent.CompletableFuture<PublishResult> f : all) {
            assertThat(f.get(10, TimeUnit.SECONDS).qos()).isEqualTo(1);
        }
        for (int i = 0; i < 200; i++) {
            assertThat(inbox.next().payloadAsString()).isEqualTo(Integer.toString(i));
        }
    }

    @Test
    void connectToClosedPort_failsWithErrnoConnectionFailed() {
        HeraldMqttClient c = HeraldMqttClient.builder().serverUrl("mqtt://127.0.0.1:" + Ports.free()).build();
        clients.add(c);
        assertThatThrownBy(() -> c.blocking().connect())
                .isInstanceOfSatisfying(MqttClientException.class, e -> {
                    assertThat(e.code()).isEqualTo(MqttError.CONNECTION_FAILED);
                    assertThat(e.errnoConnect()).isEqualTo(ErrnoConnect.CONNECTION_FAILED);
                });
        assertThat(c.errnoConnect()).isEqualTo(ErrnoConnect.CONNECTION_FAILED);
        assertThat(c.state()).isEqualTo(ClientState.DISCONNECTED);
    }

    @Test
    void connectToSilentServer_failsAfterConnectTimeout() throws Exception {
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            HeraldMqttClient c = HeraldMqttClient.builder().serverUrl("mqtt://127.0.0.1:" + silent.getLocalPort())
                    .connectTimeout(Duration.ofMillis(500)).build();
            clients.add(c);
            assertThatThrownBy(() -> c.blocking().connect())
                    .isInstanceOfSatisfying(MqttClientException.class, e -> {
                        assertThat(e.errnoConnect()).isEqualTo(ErrnoConnect.CONNECTION_FAILED);
                        assertThat(e.getMessage()).contains("no CONNACK within 500 ms");
                    });
        }
    }

    @Test
    void blockingCallInsideCallback_isRefusedInsteadOfHanging() throws Exception {
        java.util.concurrent.CompletableFuture<Throwable> seen = new java.util.concurrent.CompletableFuture<>();
        HeraldMqttClient c = client(herald, ProtocolVersion.MQTT_3_1_1, new Recorder());
        c.addListener(new ClientListener() {
            @Override
            public void connected(ConnAck connAck) {
                try {
                    c.blocking().publish(PublishMessage.of(topic(), "x").withQos(1));
                    seen.complete(null);
                } catch (RuntimeException e) {
                    seen.complete(e);
                }
            }
        });
        c.connect();
        assertThat(seen.get(5, TimeUnit.SECONDS)).isInstanceOf(MqttClientException.class)
                .hasMessageContaining("inside one of its own callbacks");
    }

    @Test
    void callbacks_runOffTheIoThread() throws Exception {
        java.util.concurrent.CompletableFuture<String> thread = new java.util.concurrent.CompletableFuture<>();
        HeraldMqttClient c = client(herald, ProtocolVersion.MQTT_3_1_1, new Recorder() {
            @Override
            public void connected(ConnAck connAck) {
                thread.complete(Thread.currentThread().getName());
            }
        });
        c.connect();
        assertThat(thread.get(5, TimeUnit.SECONDS)).startsWith("herald-client-callback-");
        String completedOn = c.publish(PublishMessage.of(topic(), "x")).thenApply(r -> Thread.currentThread().getName())
                .get(5, TimeUnit.SECONDS);
        assertThat(completedOn).doesNotStartWith("herald-client-io");
    }

    @Test
    void payloadBytes_roundTripUnchanged() {
        Recorder inbox = new Recorder();
        BlockingMqttClient c = client(herald, ProtocolVersion.MQTT_5, inbox).blocking();
        c.connect();
        String topic = topic();
        c.subscribe(topic, 0);
        byte[] bytes = "héllo wörld".getBytes(StandardCharsets.UTF_8);
        c.publish(PublishMessage.of(topic, bytes));
        assertThat(inbox.next().payload()).isEqualTo(bytes);
    }

    private HeraldMqttClient client(TestBroker broker, ProtocolVersion version, Recorder recorder) {
        HeraldMqttClient c = HeraldMqttClient.builder().serverUrl(broker.url()).protocolVersion(version)
                .listener(recorder).build();
        clients.add(c);
        return c;
    }

    static String topic() {
        return "it/client/" + IDS.incrementAndGet() + "/" + System.nanoTime();
    }
}
