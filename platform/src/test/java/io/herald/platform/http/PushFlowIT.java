package io.herald.platform.http;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seed 000's whole flow, end to end, with unmodified clients and the JDK's HTTP client: a user installs,
 * gets its MQTT endpoint, connects with mosquitto_sub (TCP) and then MQTT.js in Node (WSS) using exactly
 * the endpoint's values, receives a topic push, a bucket event and a direct push, uninstalls and is
 * disconnected within a second; its credentials stop working.
 */
@Timeout(120)
class PushFlowIT {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    static Path dir;

    static PushFixture f;

    @BeforeAll
    static void start() throws Exception {
        f = new PushFixture(dir, Duration.ofHours(1));
    }

    @AfterAll
    static void stop() {
        if (f != null) {
            f.close();
        }
    }

    @Test
    void seed000_installEndpointTopicBucketDirect_mosquittoSubThenMqttJsOverWss_thenUninstall() throws Exception {
        RestClient rest = f.rest;
        String alice = f.user("alice");
        String bob = f.user("bob");
        String aliceId = f.userId(alice);

        RestClient.Response installed = rest.post("/api/installations", alice,
                new JsonObject().put("deviceType", "MQTT").put("development", false));
        assertThat(installed.status()).isEqualTo(201);
        String installationId = installed.json().getString("installationID");
        String registrationId = installed.json().getString("installationRegistrationID");
        RestClient.Response again = rest.post("/api/installations", alice,
                new JsonObject().put("deviceType", "MQTT").put("development", false));
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().getString("installationID")).isEqualTo(installationId);

        JsonObject e = f.endpoint(alice, installationId);
        RestClient.Response raw = rest.get("/api/installations/" + installationId + "/mqtt-endpoint", alice);
        assertThat(raw.raw().headers().firstValue("X-MQTT-TTL")).hasValue("3600");
        e = raw.json();
        assertThat(e.getString("host")).isEqualTo("127.0.0.1");
        assertThat(e.getInteger("portTCP")).isEqualTo(f.port("mqtt"));
        assertThat(e.getInteger("portSSL")).isEqualTo(f.port("tls"));
        assertThat(e.getInteger("portWS")).isEqualTo(f.port("ws"));
        assertThat(e.getInteger("portWSS")).isEqualTo(f.port("wss"));
        assertThat(e.getLong("ttl")).isEqualTo(3600);
        String topic = e.getString("mqttTopic");

        assertThat(rest.put("/api/topics/news", PushFixture.ADMIN, new JsonObject()).status()).isEqualTo(204);
        assertThat(rest.put("/api/topics/news/push/subscriptions/users/" + aliceId, alice, new JsonObject()).status())
                .isEqualTo(204);
        assertThat(rest.put("/api/buckets/notes/push/subscriptions/users/" + aliceId, alice, new JsonObject()).status())
                .isEqualTo(204);

        List<JsonObject> received = new ArrayList<>();
        try (LineProcess sub = LineProcess.start(List.of("mosquitto_sub", "-h", e.getString("host"),
                "-p", Integer.toString(e.getInteger("portTCP")), "-i", topic, "-u", e.getString("username"),
                "-P", e.getString("password"), "-t", topic, "-C", "3", "-v"))) {
            awaitOnline(topic);

            RestClient.Response pushed = rest.post("/api/topics/news/push/messages", PushFixture.ADMIN, new JsonObject()
                    .put("data", new JsonObject().put("MsgBody", "Hi all!").put("Urgent", false))
                    .put("sendToDevelopment", true).put("sendToProduction", true)
                    .put("mqtt", new JsonObject().put("enabled", true)));
            assertThat(pushed.status()).as(pushed.body()).isEqualTo(201);
            assertThat(pushed.json().getInteger("matched")).isEqualTo(1);
            assertThat(rest.post("/api/buckets/notes/objects", bob, new JsonObject().put("text", "milk")).status())
                    .isEqualTo(201);
            assertThat(rest.post("/api/users/" + aliceId + "/push/messages", PushFixture.ADMIN, new JsonObject()
                    .put("data", new JsonObject().put("mymessage", "Hello")).put("mqtt", new JsonObject()
                            .put("enabled", true))).status()).isEqualTo(201);

            assertThat(sub.exitCode(WAIT)).as("mosquitto_sub " + sub.lines()).isZero();
            for (String line : sub.lines()) {
                assertThat(line).startsWith(topic + " ");
                received.add(new JsonObject(line.substring(topic.length() + 1)));
            }
        }
        assertThat(received).hasSize(3);
        JsonObject topicPush = received.get(0);
        assertThat(topicPush.getString("MsgBody")).isEqualTo("Hi all!");
        assertThat(topicPush.getBoolean("Urgent")).isFalse();
        assertThat(topicPush.getString("topic")).isEqualTo("news");
        assertThat(topicPush.getString("origin")).isEqualTo("EXPLICIT");
        assertThat(topicPush.getString("sender")).isEqualTo("admin");
        assertThat(topicPush.getLong("when")).isPositive();
        JsonObject event = received.get(1);
        assertThat(event.getString("type")).isEqualTo("DATA_OBJECT_CREATED");
        assertThat(event.getString("bucketID")).isEqualTo("notes");
        assertThat(event.getString("objectID")).isNotBlank();
        assertThat(event.getString("origin")).isEqualTo("EVENT");
        assertThat(event.getString("sender")).isEqualTo(f.userId(bob));
        JsonObject direct = received.get(2);
        assertThat(direct.getString("mymessage")).isEqualTo("Hello");
        assertThat(direct.getString("origin")).isEqualTo("EXPLICIT");
        assertThat(direct.containsKey("topic")).isFalse();

        JsonObject wss = f.endpoint(alice, installationId);
        String url = "wss://" + wss.getString("host") + ":" + wss.getInteger("portWSS") + "/mqtt";
        try (LineProcess node = LineProcess.node("push-client.js", url, wss.getString("mqttTopic"),
                wss.getString("username"), wss.getString("password"), wss.getString("mqttTopic"),
                f.pki.caFile().toAbsolutePath().toString())) {
            node.awaitLine("SUBSCRIBED 1", WAIT);
            assertThat(rest.post("/api/users/" + aliceId + "/push/messages", PushFixture.ADMIN, new JsonObject()
                    .put("data", new JsonObject().put("over", "wss")).put("mqtt", new JsonObject())).status())
                    .isEqualTo(201);
            String message = node.awaitLine("MESSAGE ", WAIT);
            assertThat(new JsonObject(message.substring(("MESSAGE " + topic + " ").length())).getString("over"))
                    .isEqualTo("wss");

            long before = System.nanoTime();
            assertThat(rest.delete("/api/installations/MQTT:" + registrationId, alice).status()).isEqualTo(204);
            node.awaitLine("CLOSED", Duration.ofSeconds(1));
            assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(1));
            assertThat(node.lines()).contains("DISCONNECT 152");
        }
        assertThat(rest.get("/api/installations/" + installationId, alice).errorCode()).isEqualTo("INSTALLATION_NOT_FOUND");
        assertThat(rest.get("/api/installations/" + installationId + "/mqtt-endpoint", alice).errorCode())
                .isEqualTo("INSTALLATION_NOT_FOUND");
        MqttClient paho = new MqttClient("tcp://127.0.0.1:" + f.port("mqtt"), topic, new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setUserName(wss.getString("username"));
        options.setPassword(wss.getString("password").toCharArray());
        assertThatThrownBy(() -> paho.connect(options)).isInstanceOf(MqttException.class);
        paho.close();
        assertThat(f.broker.session(topic).toCompletableFuture().join()).as("the session is discarded").isEmpty();
    }

    private static void awaitOnline(String clientId) {
        await().atMost(WAIT).until(() -> f.broker.session(clientId).toCompletableFuture().join()
                .map(s -> s.connected()).orElse(false));
    }

    static byte[] utf8(String s) {
        return s.getBytes(UTF_8);
    }
}
