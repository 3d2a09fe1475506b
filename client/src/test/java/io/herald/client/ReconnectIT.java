package io.herald.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.client.support.FaultyProxy;
import io.herald.client.support.HeraldBroker;
import io.herald.client.support.MosquittoBroker;
import io.herald.client.support.Ports;
import io.herald.client.support.Recorder;
import io.herald.client.support.TestBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Automatic reconnect against real brokers: a broker restart, connections cut with messages in
 * flight (through a relay that loses packets), the offline buffer and giving up.
 */
@Timeout(60)
class ReconnectIT {

    private static final ReconnectPolicy FAST = ReconnectPolicy.forever()
            .withBackoff(Duration.ZERO, Duration.ofMillis(50), Duration.ofMillis(300));

    private final List<HeraldMqttClient> clients = new ArrayList<>();
    private final List<Runnable> cleanup = new ArrayList<>();

    @AfterEach
    void tearDown() {
        clients.forEach(HeraldMqttClient::close);
        cleanup.forEach(Runnable::run);
    }

    static Stream<String> brokers() {
        return Stream.of("herald", "mosquitto");
    }

    private TestBroker broker(String name) {
        TestBroker b = name.equals("herald") ? HeraldBroker.launch() : MosquittoBroker.launch();
        cleanup.add(b::close);
        return b;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokers")
    void brokerRestart_clientReconnectsAndSubscribesAgain(String name) {
        TestBroker broker = broker(name);
        Recorder events = new Recorder();
        HeraldMqttClient c = client(broker.url(), events, b -> b.reconnect(FAST));
        c.blocking().connect();
        String topic = "restart/" + System.nanoTime();
        c.blocking().subscribe(topic, 1);

        broker.stop();
        await().until(() -> c.state() != ClientState.CONNECTED);
        assertThat(c.isReconnecting()).isTrue();
        await().until(() -> events.reconnects.size() >= 2);
        broker.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> c.state() == ClientState.CONNECTED);

        assertThat(events.connects).hasSize(2);
        assertThat(events.connects.get(1).sessionPresent()).isFalse();
        assertThat(events.disconnects).hasSize(1).allSatisfy(e -> assertThat(e.code()).isEqualTo(MqttError.DISCONNECTED));
        assertThat(c.isReconnecting()).isFalse();
        HeraldMqttClient pub = client(broker.url(), new Recorder(), b -> b);
        pub.blocking().connect();
        // the subscription is renewed in the same flush as CONNACK's handling; await it through delivery
        await().untilAsserted(() -> {
            pub.blocking().publish(PublishMessage.of(topic, "after restart").withQos(1));
            assertThat(events.messages).isNotEmpty();
        });
        assertThat(events.messages.peek().payloadAsString()).isEqualTo("after restart");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokers")
    void qos1PublishLostOnTheWay_isResentAfterReconnect(String name) throws Exception {
        TestBroker broker = broker(name);
        FaultyProxy proxy = FaultyProxy.to(broker.port());
        cleanup.add(proxy::close);
        String topic = "resend/" + System.nanoTime();
        Recorder inbox = new Recorder();
        HeraldMqttClient sub = client(broker.url(), inbox, b -> b);
        sub.blocking().connect();
        sub.blocking().subscribe(topic, 1);
        HeraldMqttClient pub = client("mqtt://127.0.0.1:" + proxy.port(), new Recorder(), b -> b.reconnect(FAST));
        pub.blocking().connect();

        proxy.dropUpstream(true);
        CompletableFuture<PublishResult> sent = pub.publish(PublishMessage.of(topic, "in flight").withQos(1));
        assertThat(inbox.messages.poll(300, TimeUnit.MILLISECONDS)).isNull();
        proxy.cutAll();
        proxy.dropUpstream(false);

        assertThat(sent.get(10, TimeUnit.SECONDS).qos()).isEqualTo(1);
        assertThat(inbox.next().payloadAsString()).isEqualTo("in flight");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokers")
    void qos2PublishWhosePubrecWasLost_isDeliveredExactlyOnce(String name) throws Exception {
        TestBroker broker = broker(name);
        FaultyProxy proxy = FaultyProxy.to(broker.port());
        cleanup.add(proxy::close);
        String topic = "exactly-once/" + System.nanoTime();
        Recorder inbox = new Recorder();
        HeraldMqttClient sub = client(broker.url(), inbox, b -> b);
        sub.blocking().connect();
        sub.blocking().subscribe(topic, 2);
        HeraldMqttClient pub = client("mqtt://127.0.0.1:" + proxy.port(), new Recorder(), b -> b.reconnect(FAST)
                .clientId("exactly-once-" + System.nanoTime()).cleanSession(false)
                .protocolVersion(ProtocolVersion.MQTT_5).sessionExpiry(Duration.ofMinutes(1)));
        pub.blocking().connect();

        proxy.dropDownstream(true);
        long before = proxy.upstreamBytes();
        CompletableFuture<PublishResult> sent = pub.publish(PublishMessage.of(topic, "once").withQos(2));
        // the PUBLISH reached the broker; its PUBREC is lost on the way back
        await().until(() -> proxy.upstreamBytes() > before);
        proxy.cutAll();
        proxy.dropDownstream(false);

        assertThat(sent.get(10, TimeUnit.SECONDS).qos()).isEqualTo(2);
        assertThat(inbox.next().payloadAsString()).isEqualTo("once");
        assertThat(inbox.messages.poll(500, TimeUnit.MILLISECONDS)).isNull();
    }

    @Test
    void offlineBuffer_sendsWhatWasPublishedWhileDisconnected() throws Exception {
        TestBroker broker = broker("herald");
        FaultyProxy proxy = FaultyProxy.to(broker.port());
        cleanup.add(proxy::close);
        String topic = "offline/" + System.nanoTime();
        Recorder inbox = new Recorder();
        HeraldMqttClient sub = client(broker.url(), inbox, b -> b);
        sub.blocking().connect();
        sub.blocking().subscribe(topic, 1);
        HeraldMqttClient pub = client("mqtt://127.0.0.1:" + proxy.port(), new Recorder(),
                b -> b.reconnect(FAST).offlineBuffer(2));
        pub.blocking().connect();

        proxy.refuse(true);
        proxy.cutAll();
        await().until(() -> pub.state() != ClientState.CONNECTED);
        CompletableFuture<PublishResult> first = pub.publish(PublishMessage.of(topic, "1").withQos(1));
        CompletableFuture<PublishResult> second = pub.publish(PublishMessage.of(topic, "2"));
        CompletableFuture<PublishResult> third = pub.publish(PublishMessage.of(topic, "3"));
        assertThat(third).failsWithin(Duration.ofSeconds(5)).withThrowableOfType(ExecutionException.class)
                .havingCause().isInstanceOfSatisfying(MqttClientException.class, e -> {
                    assertThat(e.code()).isEqualTo(MqttError.DISCONNECTED);
                    assertThat(e.getMessage()).contains("offline buffer is full");
                });
        assertThat(first).isNotDone();
        proxy.refuse(false);

        first.get(10, TimeUnit.SECONDS);
        second.get(10, TimeUnit.SECONDS);
        assertThat(List.of(inbox.next().payloadAsString(), inbox.next().payloadAsString())).containsExactly("1", "2");
    }

    @Test
    void reconnectAttemptsExhausted_givesUpAndFailsPendingPublishes() throws Exception {
        Recorder events = new Recorder();
        HeraldMqttClient c = client("mqtt://127.0.0.1:" + Ports.free(), events,
                b -> b.reconnect(FAST.withMaxAttempts(2)).offlineBuffer(5));
        CompletableFuture<PublishResult> pending = c.publish(PublishMessage.of("t", "never").withQos(1));
        assertThat(c.connect()).failsWithin(Duration.ofSeconds(5));
        await().until(() -> events.errors.size() == 3 && c.state() == ClientState.DISCONNECTED);
        assertThat(events.reconnects).containsExactly(0, 1);
        assertThat(events.errors).allSatisfy(e -> assertThat(e.errnoConnect()).isEqualTo(ErrnoConnect.CONNECTION_FAILED));
        assertThat(pending).failsWithin(Duration.ofSeconds(5)).withThrowableOfType(ExecutionException.class)
                .havingCause().isInstanceOfSatisfying(MqttClientException.class,
                        e -> assertThat(e.getMessage()).contains("gave up after 2 reconnect attempts"));
        assertThat(c.isReconnecting()).isFalse();
    }

    @Test
    void reconnect_whileConnected_opensANewConnection() {
        TestBroker broker = broker("herald");
        Recorder events = new Recorder();
        HeraldMqttClient c = client(broker.url(), events, b -> b);
        c.blocking().connect();
        c.reconnect();
        await().until(() -> events.connects.size() == 2 && c.state() == ClientState.CONNECTED);
        assertThat(events.events).containsExactly("connected", "disconnected", "reconnecting", "connected");
    }

    private HeraldMqttClient client(String url, Recorder recorder,
            java.util.function.UnaryOperator<HeraldMqttClientBuilder> custom) {
        HeraldMqttClient c = custom.apply(HeraldMqttClient.builder().serverUrl(url).listener(recorder)).build();
        clients.add(c);
        return c;
    }
}
