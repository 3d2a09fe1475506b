package io.herald.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.herald.broker.BrokerMetrics.DropReason;
import io.herald.testkit.EmbeddedHerald;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The password file and the ACL file behind a real broker, with Paho MQTT 3.1.1 and 5 clients: CONNACK
 * codes, SUBACK refusals, dropped publishes, and a reload while clients stay connected.
 */
@Timeout(30)
class AccessControlIT {

    private static final String ANONYMOUS_EXAMPLE = """
            rules:
              - {who: anonymous, topic: test/nosubscribe, actions: [subscribe], effect: deny}
              - {who: anonymous, topic: "#", actions: [subscribe, publish], effect: allow}
            """;
    private static final String USERS_EXAMPLE = """
            rules:
              - {who: all, topic: "users/{username}/#", actions: [subscribe, publish], effect: allow}
            """;

    @TempDir
    Path dir;

    private AccessControl access;
    private EmbeddedHerald herald;
    private final List<AutoCloseable> clients = new ArrayList<>();

    private void start(Boolean allowAnonymous, String acl) throws Exception {
        Path aclFile = Files.writeString(dir.resolve("acl.yaml"), acl);
        Path passwords = Files.writeString(dir.resolve("passwd"),
                "bob:" + PasswordAuthenticatorTest.CHEAP.hash(bytes("bob-pw")) + "\n"
                        + "alice:" + PasswordAuthenticatorTest.CHEAP.hash(bytes("alice-pw")) + "\n");
        access = AccessControl.start(new AccessControl.Settings(allowAnonymous, passwords, aclFile,
                Duration.ofMillis(50)), List.of(InetAddress.getLoopbackAddress()));
        herald = EmbeddedHerald.create().authenticator(access.authenticator()).authorizer(access.authorizer());
        herald.start();
        access.onAclChange(herald.broker()::recheckAuthorizer);
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : clients) {
            c.close();
        }
        if (herald != null) {
            herald.stop();
        }
        if (access != null) {
            access.close();
        }
    }

    @Test
    void deniedFilter_mqtt311_subackFailure0x80_andTheClientStaysConnected() throws Exception {
        start(null, ANONYMOUS_EXAMPLE);
        MqttAsyncClient c = v3("anon", null, null);
        assertThat(subscribe(c, "test/nosubscribe")).isEqualTo(0x80);
        assertThat(subscribe(c, "test/other")).isEqualTo(1);
        assertThat(c.isConnected()).isTrue();
    }

    @Test
    void wildcardOverADeniedTopic_isGranted_andTheDeniedTopicIsFilteredOut() throws Exception {
        start(null, ANONYMOUS_EXAMPLE);
        MqttAsyncClient c = v3("anon-wild", null, null);
        List<String> received = new CopyOnWriteArrayList<>();
        c.setCallback(onMessage(received));
        assertThat(subscribe(c, "test/#")).as("a wildcard that reaches the denied topic").isEqualTo(1);
        MqttAsyncClient pub = v3("anon-pub", null, null);
        pub.publish("test/nosubscribe", bytes("hidden"), 1, false).waitForCompletion(10_000);
        pub.publish("test/a", bytes("shown"), 1, false).waitForCompletion(10_000);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !received.isEmpty());
        assertThat(received).as("test/nosubscribe came first and was filtered").containsExactly("test/a shown");
    }

    @Test
    void deniedFilter_mqtt5_subackNotAuthorized0x87() throws Exception {
        start(null, ANONYMOUS_EXAMPLE);
        org.eclipse.paho.mqttv5.client.MqttAsyncClient c = new org.eclipse.paho.mqttv5.client.MqttAsyncClient(
                herald.tcpUri(), "anon5", new org.eclipse.paho.mqttv5.client.persist.MemoryPersistence());
        clients.add(() -> {
            c.disconnectForcibly(1_000);
            c.close();
        });
        c.connect(new MqttConnectionOptions()).waitForCompletion(10_000);
        org.eclipse.paho.mqttv5.client.IMqttToken denied = c.subscribe(new MqttSubscription("test/nosubscribe", 1));
        denied.waitForCompletion(10_000);
        assertThat(denied.getReasonCodes()).containsExactly(0x87);
        org.eclipse.paho.mqttv5.client.IMqttToken granted = c.subscribe(new MqttSubscription("test/other", 1));
        granted.waitForCompletion(10_000);
        assertThat(granted.getReasonCodes()).containsExactly(1);
    }

    @Test
    void passwords_wrongIs0x04_anonymousRefusedIs0x05_rightOneConnects() throws Exception {
        start(false, USERS_EXAMPLE);
        assertThat(connectFailure("bob", "nope")).isEqualTo(MqttException.REASON_CODE_FAILED_AUTHENTICATION);
        assertThat(connectFailure("mallory", "bob-pw")).isEqualTo(MqttException.REASON_CODE_FAILED_AUTHENTICATION);
        assertThat(connectFailure(null, null)).isEqualTo(MqttException.REASON_CODE_NOT_AUTHORIZED);
        MqttAsyncClient bob = v3("bob-phone", "bob", "bob-pw");
        assertThat(subscribe(bob, "users/bob/+")).isEqualTo(1);
        assertThat(subscribe(bob, "users/#")).isEqualTo(0x80);
        assertThat(subscribe(bob, "users/alice/inbox")).isEqualTo(0x80);
    }

    @Test
    void deniedPublish_mqtt311_isDroppedAndCounted() throws Exception {
        start(false, USERS_EXAMPLE);
        MqttAsyncClient alice = v3("alice-phone", "alice", "alice-pw");
        List<String> received = new CopyOnWriteArrayList<>();
        alice.setCallback(onMessage(received));
        assertThat(subscribe(alice, "users/alice/#")).isEqualTo(1);
        MqttAsyncClient bob = v3("bob-phone", "bob", "bob-pw");
        bob.publish("users/alice/inbox", "from bob".getBytes(StandardCharsets.UTF_8), 1, false).waitForCompletion(10_000);
        alice.publish("users/alice/inbox", "own".getBytes(StandardCharsets.UTF_8), 1, false).waitForCompletion(10_000);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !received.isEmpty());
        assertThat(received).as("bob's message came first and was dropped").containsExactly("users/alice/inbox own");
        assertThat(herald.broker().metrics().droppedCount(DropReason.NOT_AUTHORIZED)).isEqualTo(1);
        assertThat(bob.isConnected()).isTrue();
    }

    @Test
    void aclFileChange_removesASubscriptionNoLongerAllowed_clientStaysConnected() throws Exception {
        start(null, ANONYMOUS_EXAMPLE);
        MqttAsyncClient c = v3("kept", null, null);
        List<String> received = new CopyOnWriteArrayList<>();
        AtomicReference<Throwable> lost = new AtomicReference<>();
        c.setCallback(callback(lost, received));
        assertThat(subscribe(c, "news/a")).isEqualTo(1);
        assertThat(subscribe(c, "weather/a")).isEqualTo(1);

        Files.writeString(dir.resolve("acl.yaml"), """
                rules:
                  - {who: anonymous, topic: news/#, actions: [subscribe], effect: deny}
                  - {who: anonymous, topic: "#", actions: [subscribe, publish], effect: allow}
                """);
        access.reload(true); // as SIGHUP does
        MqttAsyncClient pub = v3("news-pub", null, null);
        pub.publish("news/a", bytes("removed"), 1, false).waitForCompletion(10_000);
        pub.publish("weather/a", bytes("kept"), 1, false).waitForCompletion(10_000);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !received.isEmpty());
        assertThat(received).as("news/a came first; its subscription was removed").containsExactly("weather/a kept");
        assertThat(c.isConnected()).isTrue();
        assertThat(lost.get()).isNull();
    }

    @Test
    void aclFileChange_appliesToTheNextSubscribeOfAConnectedClient_badVersionKeepsTheOldRules() throws Exception {
        start(null, ANONYMOUS_EXAMPLE);
        MqttAsyncClient c = v3("live", null, null);
        AtomicReference<Throwable> lost = new AtomicReference<>();
        c.setCallback(onLost(lost));
        assertThat(subscribe(c, "news/a")).isEqualTo(1);

        Files.writeString(dir.resolve("acl.yaml"), """
                rules:
                  - {who: anonymous, topic: news/#, actions: [subscribe], effect: deny}
                  - {who: anonymous, topic: "#", actions: [subscribe, publish], effect: allow}
                """);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> subscribe(c, "news/b") == 0x80);
        assertThat(subscribe(c, "weather/x")).isEqualTo(1);

        Files.writeString(dir.resolve("acl.yaml"), "rules:\n  - {who: anonymous, topic: a, actions: [jump], effect: allow}\n");
        access.reload(true); // as SIGHUP does
        assertThat(subscribe(c, "news/c")).as("the previous rules stay in force").isEqualTo(0x80);
        assertThat(subscribe(c, "weather/y")).isEqualTo(1);
        assertThat(c.isConnected()).isTrue();
        assertThat(lost.get()).isNull();
    }

    private MqttAsyncClient v3(String clientId, String user, String password) throws MqttException {
        MqttAsyncClient c = new MqttAsyncClient(herald.tcpUri(), clientId, new MemoryPersistence());
        clients.add(() -> {
            c.disconnectForcibly(0, 1_000);
            c.close();
        });
        c.connect(options(user, password)).waitForCompletion(10_000);
        return c;
    }

    /** The CONNACK return code of a refused CONNECT. */
    private int connectFailure(String user, String password) throws MqttException {
        try (MqttAsyncClient c = new MqttAsyncClient(herald.tcpUri(), "refused", new MemoryPersistence())) {
            MqttException e = catchThrowableOfType(MqttException.class,
                    () -> c.connect(options(user, password)).waitForCompletion(10_000));
            assertThat(e).as("CONNECT refused").isNotNull();
            return e.getReasonCode();
        }
    }

    private static MqttConnectOptions options(String user, String password) {
        MqttConnectOptions o = new MqttConnectOptions();
        o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        if (user != null) {
            o.setUserName(user);
            o.setPassword(password.toCharArray());
        }
        return o;
    }

    /** The SUBACK return code for one filter at QoS 1. */
    private static int subscribe(MqttAsyncClient c, String filter) throws MqttException {
        IMqttToken t = c.subscribe(filter, 1);
        t.waitForCompletion(10_000);
        return t.getGrantedQos()[0];
    }

    private static MqttCallback onMessage(List<String> received) {
        return callback(null, received);
    }

    private static MqttCallback onLost(AtomicReference<Throwable> lost) {
        return callback(lost, null);
    }

    private static MqttCallback callback(AtomicReference<Throwable> lost, List<String> received) {
        return new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
                if (lost != null) {
                    lost.set(cause);
                }
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                if (received != null) {
                    received.add(topic + " " + new String(message.getPayload(), StandardCharsets.UTF_8));
                }
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {}
        };
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
