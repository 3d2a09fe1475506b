package io.herald.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.herald.broker.auth.AuthResult;
import io.herald.broker.auth.Authenticator;
import io.herald.broker.auth.Authorizer;
import io.herald.broker.auth.ClientIdentity;
import io.herald.client.support.HeraldBroker;
import io.herald.client.support.MosquittoBroker;
import io.herald.client.support.Ports;
import io.herald.client.support.TestBroker;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The seed-001 API ({@link Mqtt}, {@link MqttClient}) against Herald and Mosquitto: every method,
 * event, error code and connection error number a real broker can produce.
 */
@Timeout(30)
class SeedApiIT {

    private static HeraldBroker herald;
    private static MosquittoBroker mosquitto;

    @RegisterExtension
    final SeedClients clients = new SeedClients();

    @BeforeAll
    static void start() {
        Authenticator auth = info -> CompletableFuture.completedFuture(switch (String.valueOf(info.username())) {
            case "bad" -> AuthResult.refuse(AuthResult.Refusal.BAD_USERNAME_OR_PASSWORD, "wrong password");
            case "nobody" -> AuthResult.refuse(AuthResult.Refusal.NOT_AUTHORIZED, "not allowed");
            case "maintenance" -> AuthResult.refuse(AuthResult.Refusal.SERVER_UNAVAILABLE, "down");
            default -> AuthResult.accept(new ClientIdentity(info.clientId(), info.username()));
        });
        Authorizer denyDenied = new Authorizer() {
            @Override
            public boolean canPublish(ClientIdentity client, String topic) {
                return !topic.startsWith("denied/");
            }

            @Override
            public boolean canSubscribe(ClientIdentity client, String filter) {
                return !filter.startsWith("denied/");
            }
        };
        herald = HeraldBroker.launch(auth, denyDenied);
        mosquitto = MosquittoBroker.launch();
    }

    @AfterAll
    static void stop() {
        herald.close();
        mosquitto.close();
    }

    static Stream<TestBroker> brokers() {
        return Stream.of(herald, mosquitto);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokers")
    void connect_withSampleOptions_emitsConnectAndReportsStatus(TestBroker broker) throws Exception {
        MqttClient client = clients.connect(broker.url(), Map.of("clientId", "testClientId" + System.nanoTime() % 1000,
                "username", "foo", "password", "bar", "keepalive", 300));
        CompletableFuture<ConnAck> connack = new CompletableFuture<>();
        client.on("connect", (ConnAck c) -> connack.complete(c));
        assertThat(connack.get(5, TimeUnit.SECONDS).reasonCode()).isZero();
        assertThat(client.isConnected()).isTrue();
        assertThat(client.canPublish()).isTrue();
        assertThat(client.isReconnecting()).isFalse();
        assertThat(client.get("errnoConnect")).isEqualTo(ErrnoConnect.OK);
        assertThat(client.get("somethingElse")).isNull();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokers")
    void messageEvent_givesStringOrBytesAsTheSubscriptionsBinOptionSays(TestBroker broker) throws Exception {
        MqttClient client = clients.connected(broker.url(), Map.of());
        BlockingQueue<Object[]> inbox = new LinkedBlockingQueue<>();
        client.on("message", (String topic, Object message) -> inbox.add(new Object[] {topic, message}));
        String base = "seed/" + System.nanoTime();
        assertThat(outcome(cb -> client.subscribe(base + "/text", Map.of("qos", 1), cb))).isEqualTo(MqttError.OK);
        assertThat(outcome(cb -> client.subscribe(base + "/bin/#", Map.of("qos", 2, "bin", true), cb)))
                .isEqualTo(MqttError.OK);
        for (int qos = 0; qos <= 2; qos++) {
            int q = qos;
            assertThat(outcome(cb -> client.publish(base + "/text", "Battery level : " + q + "%", Map.of("qos", q), cb)))
                    .isEqualTo(MqttError.OK);
            Object[] m = inbox.poll(5, TimeUnit.SECONDS);
            assertThat(m).containsExactly(base + "/text", "Battery level : " + q + "%");
        }
        assertThat(outcome(cb -> client.publish(base + "/bin/x", new byte[] {0, 1, (byte) 0xFF}, Map.of("qos", 1), cb)))
                .isEqualTo(MqttError.OK);
        Object[] m = inbox.poll(5, TimeUnit.SECONDS);
        assertThat(m[0]).isEqualTo(base + "/bin/x");
        assertThat((byte[]) m[1]).containsExactly(0, 1, 0xFF);

        assertThat(outcome(cb -> client.unsubscribe(base + "/text", cb))).isEqualTo(MqttError.OK);
        client.publish(base + "/text", "gone", Map.of("qos", 1));
        client.publish(base + "/bin/y", "still", Map.of("qos", 1));
        assertThat(inbox.poll(5, TimeUnit.SECONDS)[0]).isEqualTo(base + "/bin/y");
    }

    @Test
    void retainAndDupOptions_arePassedOn() throws Exception {
        MqttClient client = clients.connected(herald.url(), Map.of());
        String topic = "seed/retain/" + System.nanoTime();
        assertThat(outcome(cb -> client.publish(topic, "kept", Map.of("qos", 1, "retain", true, "dup", false), cb)))
                .isEqualTo(MqttError.OK);
        HeraldMqttClient observer = HeraldMqttClient.builder().serverUrl(herald.url()).build();
        try {
            BlockingQueue<ReceivedMessage> got = new LinkedBlockingQueue<>();
            observer.addListener(new ClientListener() {
                @Override
                public void message(ReceivedMessage message) {
                    got.add(message);
                }
            });
            observer.blocking().connect();
            observer.blocking().subscribe(topic, 1);
            assertThat(got.poll(5, TimeUnit.SECONDS).retain()).isTrue();
        } finally {
            observer.close();
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "http://127.0.0.1:1883 | unknown protocol",
        "mqtt:// | not a valid URL",
        "mqtt://bad_host:1883 | no valid host",
        "keepalive=-1 | keepalive must be 0..2147483647",
        "keepalive=text | keepalive must be an integer",
        "clientId= | clientId must be 1..127 bytes",
        "clientId=too long | single-byte printable",
        "protocolVersion=6 | protocolVersion must be 3..5",
        "protocolVersion=3,protocolId=MQTT | does not fit protocolVersion 3",
        "protocolVersion=4,protocolId=MQIsdp | does not fit protocolVersion 4",
        "reconnectPeriod=10001 | reconnectPeriod must be 0..10000",
        "connectTimeout=-5 | connectTimeout must be 0..2147483647",
        "reconnectCount=1000 | reconnectCount must be 0..999, or 1855",
        "sendBuffSize=127 | sendBuffSize must be 128..65536",
        "recvBuffSize=65537 | recvBuffSize must be 128..65536",
        "password=bar | password needs a username",
        "colour=blue | unknown option 'colour'"
    })
    void connect_withAnInvalidArgument_returnsNoClientAndSaysWhy(String spec, String why) {
        String url = spec.contains("://") ? spec : herald.url();
        Map<String, Object> options = spec.contains("://") ? Map.of() : parse(spec);
        assertThat(Mqtt.connect(url, options)).isNull();
        assertThat(Mqtt.lastError().code()).isEqualTo(MqttError.ILLEGAL_ARGUMENT);
        assertThat(Mqtt.lastError().message()).isEqualTo("Illegal argument");
        assertThat(Mqtt.lastError().detail()).contains(why);
    }

    @Test
    void connect_withLongTextOptions_checksTheirByteLength() {
        assertThat(Mqtt.connect(herald.url(), Map.of("clientId", "c".repeat(128)))).isNull();
        assertThat(Mqtt.lastError().detail()).contains("clientId must be 1..127 bytes");
        assertThat(Mqtt.connect(herald.url(), Map.of("username", "u".repeat(512)))).isNull();
        assertThat(Mqtt.lastError().detail()).contains("username must be 1..511 bytes");
        MqttClient ok = clients.connect(herald.url(), Map.of("clientId", "c".repeat(127), "username", "u".repeat(511)));
        assertThat(ok).isNotNull();
        assertThat(Mqtt.lastError()).isEqualTo(MqttError.OK);
    }

    @Test
    void protocolVersions_3_4_and_5_connect() throws Exception {
        for (int v = 3; v <= 5; v++) {
            Map<String, Object> o = new HashMap<>(Map.of("protocolVersion", v));
            if (v == 3) {
                o.put("protocolId", "MQIsdp");
            }
            MqttClient c = clients.connected(herald.url(), o);
            assertThat(c.unwrap().config().protocolVersion().level()).isEqualTo(v);
        }
    }

    @Test
    void illegalArguments_areRefusedWithCode10() throws Exception {
        MqttClient client = clients.connected(herald.url(), Map.of("sendBuffSize", 128));
        assertIllegal(cb -> client.publish("a/+", "x", Map.of(), cb), "wildcards");
        assertIllegal(cb -> client.publish("a", 42, Map.of(), cb), "String or byte[]");
        assertIllegal(cb -> client.publish("a", "x", Map.of("qos", 3), cb), "qos must be 0, 1 or 2");
        assertIllegal(cb -> client.publish("a", "x", Map.of("retain", "yes"), cb), "retain must be true or false");
        assertIllegal(cb -> client.publish("a", "x", Map.of("priority", 1), cb), "unknown option");
        assertIllegal(cb -> client.publish("a", "x".repeat(120), Map.of(), cb), "sendBuffSize is 128");
        assertIllegal(cb -> client.subscribe("a/#/b", Map.of(), cb), "'#'");
        assertIllegal(cb -> client.subscribe("a", Map.of("bin", 1), cb), "bin must be true or false");
        assertIllegal(cb -> client.unsubscribe("", cb), "empty");
    }

    @Test
    void operationsWhileNotConnected_areRefusedWithCode11() throws Exception {
        MqttClient client = clients.connect("mqtt://127.0.0.1:" + Ports.free(), Map.of());
        await().until(() -> client.get("errnoConnect") == ErrnoConnect.CONNECTION_FAILED);
        assertThat(client.canPublish()).isFalse();
        assertDisconnected(cb -> client.publish("a", "x", Map.of("qos", 1), cb));
        assertDisconnected(cb -> client.subscribe("a", Map.of(), cb));
        assertDisconnected(cb -> client.unsubscribe("a", cb));
    }

    @Test
    void refusedSubscribe_reportsCode13() throws Exception {
        MqttClient client = clients.connected(herald.url(), Map.of());
        MqttError e = outcome(cb -> client.subscribe("denied/x", Map.of("qos", 1), cb));
        assertThat(e.code()).isEqualTo(MqttError.SUBSCRIBE_FAILED);
        assertThat(e.message()).isEqualTo("Subscribe failed");
    }

    @Test
    void refusedPublish_reportsCode12_toTheCallbackOrElseTheErrorEvent() throws Exception {
        MqttClient client = clients.connected(herald.url(), Map.of("protocolVersion", 5));
        MqttError e = outcome(cb -> client.publish("denied/x", "no", Map.of("qos", 1), cb));
        assertThat(e.code()).isEqualTo(MqttError.PUBLISH_FAILED);
        assertThat(e.detail()).contains("0x87");
        CompletableFuture<MqttError> error = new CompletableFuture<>();
        client.on("error", (MqttError err) -> error.complete(err));
        assertThat(client.publish("denied/y", "no", Map.of("qos", 1))).isEqualTo(MqttError.OK);
        assertThat(error.get(5, TimeUnit.SECONDS).code()).isEqualTo(MqttError.PUBLISH_FAILED);
    }

    @ParameterizedTest(name = "user {0}, protocol {1}: errnoConnect {2}")
    @CsvSource({"bad, 4, 4", "bad, 5, 4", "nobody, 4, 5", "nobody, 5, 5", "maintenance, 4, 3", "maintenance, 5, 3"})
    void refusedConnection_reportsCode1AndTheErrno(String user, int version, int errno) throws Exception {
        MqttClient client = clients.connect(herald.url(), Map.of("username", user, "password", "pw", "protocolVersion",
                version));
        CompletableFuture<MqttError> error = new CompletableFuture<>();
        client.on("error", (MqttError e) -> error.complete(e));
        assertThat(error.get(5, TimeUnit.SECONDS).code()).isEqualTo(MqttError.CONNECTION_FAILED);
        assertThat(error.get().message()).isEqualTo("Connection failed");
        assertThat(client.get("errnoConnect")).isEqualTo(errno);
        assertThat(client.isConnected()).isFalse();
    }

    @Test
    void unreachableBroker_reportsErrno6_andInvalidCertificate_errno7() throws Exception {
        MqttClient client = clients.connect("mqtt://127.0.0.1:" + Ports.free(), Map.of());
        CompletableFuture<MqttError> error = new CompletableFuture<>();
        client.on("error", (MqttError e) -> error.complete(e));
        assertThat(error.get(5, TimeUnit.SECONDS).code()).isEqualTo(MqttError.CONNECTION_FAILED);
        assertThat(client.get("errnoConnect")).isEqualTo(ErrnoConnect.CONNECTION_FAILED);

        Mqtt.set("ssl.ca", "-----BEGIN CERTIFICATE-----\n(...ContentOmission...)\n-----END CERTIFICATE-----");
        try {
            MqttClient tls = clients.connect("mqtts://127.0.0.1:" + Ports.free(), Map.of());
            await().until(() -> tls.get("errnoConnect") == ErrnoConnect.TLS_ERROR);
        } finally {
            Mqtt.set("ssl.ca");
        }
    }

    @Test
    void set_withAnUnknownName_isRefused() {
        assertThatThrownBy(() -> Mqtt.set("ssl.password", "x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("use ssl.ca, ssl.cert or ssl.key");
        MqttClient client = clients.connect("mqtts://127.0.0.1:" + Ports.free(), Map.of());
        assertThatThrownBy(() -> client.set("tls.ca", "x")).isInstanceOf(IllegalArgumentException.class);
        client.set("ssl.ca", "pem");
        assertThat(client.unwrap().tls().caPem()).isEqualTo("pem");
    }

    @Test
    void typedEvents_needNoCasts() throws Exception {
        MqttClient client = clients.connected(herald.url(), Map.of("protocolVersion", 5));
        CompletableFuture<String> text = new CompletableFuture<>();
        client.on(MqttEvent.MESSAGE, (topic, msg) -> text.complete(topic + "=" + msg));
        CompletableFuture<Integer> code = new CompletableFuture<>();
        client.on(MqttEvent.ERROR, err -> code.complete(err.code()));
        assertThat(outcome(cb -> client.subscribe("typed/t", Map.of("qos", 1), cb)).isOk()).isTrue();
        client.publish("typed/t", "hi", Map.of("qos", 1));
        assertThat(text.get(5, TimeUnit.SECONDS)).isEqualTo("typed/t=hi");
        client.publish("denied/x", "no", Map.of("qos", 1));
        assertThat(code.get(5, TimeUnit.SECONDS)).isEqualTo(MqttError.PUBLISH_FAILED);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokers")
    void mqtt31_clientIdLongerThan23_isLeftToTheServer(TestBroker broker) {
        MqttClient client = clients.connect(broker.url(), Map.of("protocolVersion", 3, "clientId", "c".repeat(100)));
        assertThat(client).isNotNull();
        // the server decides: accepted, or refused with CONNACK 0x02 (errnoConnect 2)
        await().atMost(Duration.ofSeconds(5)).until(() -> client.isConnected() || Integer.valueOf(2).equals(client.get("errnoConnect")));
    }

    @Test
    void messageLargerThanTheReceiveBuffer_isDiscardedWithCode255() throws Exception {
        MqttClient client = clients.connected(herald.url(), Map.of("recvBuffSize", 128));
        String topic = "seed/recv/" + System.nanoTime();
        BlockingQueue<Object> got = new LinkedBlockingQueue<>();
        CompletableFuture<MqttError> error = new CompletableFuture<>();
        client.on("message", (String t, Object m) -> got.add(m));
        client.on("error", (MqttError e) -> error.complete(e));
        outcome(cb -> client.subscribe(topic, Map.of("qos", 1), cb));
        client.publish(topic, "x".repeat(200), Map.of("qos", 1));
        assertThat(error.get(5, TimeUnit.SECONDS).code()).isEqualTo(MqttError.OTHER);
        assertThat(error.get().detail()).contains("recvBuffSize 128");
        client.publish(topic, "small", Map.of("qos", 1));
        assertThat(got.poll(5, TimeUnit.SECONDS)).isEqualTo("small");
    }

    private static MqttError outcome(java.util.function.Function<java.util.function.Consumer<MqttError>, MqttError> op)
            throws Exception {
        CompletableFuture<MqttError> outcome = new CompletableFuture<>();
        MqttError returned = op.apply(outcome::complete);
        MqttError result = outcome.get(5, TimeUnit.SECONDS);
        if (!returned.isOk()) {
            assertThat(result).isEqualTo(returned);
        }
        return result;
    }

    private static void assertIllegal(java.util.function.Function<java.util.function.Consumer<MqttError>, MqttError> op,
            String why) throws Exception {
        CompletableFuture<MqttError> outcome = new CompletableFuture<>();
        MqttError returned = op.apply(outcome::complete);
        assertThat(returned.code()).isEqualTo(MqttError.ILLEGAL_ARGUMENT);
        assertThat(returned.detail()).contains(why);
        assertThat(outcome.get(5, TimeUnit.SECONDS)).isEqualTo(returned);
    }

    private static void assertDisconnected(
            java.util.function.Function<java.util.function.Consumer<MqttError>, MqttError> op) throws Exception {
        CompletableFuture<MqttError> outcome = new CompletableFuture<>();
        MqttError returned = op.apply(outcome::complete);
        assertThat(returned.code()).isEqualTo(MqttError.DISCONNECTED);
        assertThat(returned.message()).isEqualTo("Disconnected");
        assertThat(outcome.get(5, TimeUnit.SECONDS)).isEqualTo(returned);
    }

    private static Map<String, Object> parse(String spec) {
        Map<String, Object> o = new HashMap<>();
        for (String kv : spec.split(",")) {
            String[] p = kv.split("=", 2);
            String v = p.length > 1 ? p[1] : "";
            o.put(p[0], v.matches("-?\\d+") ? (Object) Long.parseLong(v) : v);
        }
        return o;
    }

}
