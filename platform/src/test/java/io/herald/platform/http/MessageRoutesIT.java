package io.herald.platform.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MessageRoutesIT extends RestTestBase {

    private MqttClient subscriber;
    private final List<MqttMessage> received = new CopyOnWriteArrayList<>();
    private final List<String> topics = new CopyOnWriteArrayList<>();

    @BeforeEach
    void subscribe() throws Exception {
        subscriber = new MqttClient("tcp://127.0.0.1:" + BROKER.mqttPort(), "sub-" + System.nanoTime(),
                new MemoryPersistence());
        subscriber.connect();
        subscriber.subscribe("rest/#", 1, (topic, m) -> {
            topics.add(topic);
            received.add(m);
        });
    }

    @AfterEach
    void disconnect() throws Exception {
        subscriber.disconnect();
        subscriber.close();
    }

    @Test
    void oneMessage_textPayload_deliveredWithProperties() {
        JsonObject message = new JsonObject().put("topic", "rest/one").put("payload", "héllo").put("qos", 1)
                .put("contentType", "text/plain").put("responseTopic", "rest/reply")
                .put("correlationData", Base64.getEncoder().encodeToString(new byte[] {1, 2}))
                .put("messageExpiryInterval", 60)
                .put("userProperties", new JsonArray().add(new JsonObject().put("name", "k").put("value", "v")));
        RestClient.Response r = rest.post("/api/mqtt/messages", ADMIN, message);
        assertThat(r.status()).isEqualTo(200);
        JsonObject result = r.array("results").getJsonObject(0);
        assertThat(result.getBoolean("accepted")).isTrue();
        assertThat(result.getString("topic")).isEqualTo("rest/one");
        assertThat(result.getInteger("matched")).as("the one subscriber").isEqualTo(1);
        assertThat(result.getBoolean("durable")).isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() -> received.size() == 1);
        assertThat(new String(received.getFirst().getPayload(), StandardCharsets.UTF_8)).isEqualTo("héllo");
        assertThat(received.getFirst().getQos()).isEqualTo(1);
    }

    @Test
    void arrayOfMessages_base64Payload_allDeliveredInOrder() {
        JsonArray batch = new JsonArray();
        for (int i = 0; i < 5; i++) {
            batch.add(new JsonObject().put("topic", "rest/batch/" + i)
                    .put("payload", Base64.getEncoder().encodeToString(new byte[] {(byte) i, (byte) 0xff}))
                    .put("encoding", "base64"));
        }
        RestClient.Response r = rest.post("/api/mqtt/messages", ADMIN, batch);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.array("results").size()).isEqualTo(5);
        await().atMost(Duration.ofSeconds(5)).until(() -> received.size() == 5);
        assertThat(topics).containsExactly("rest/batch/0", "rest/batch/1", "rest/batch/2", "rest/batch/3", "rest/batch/4");
        assertThat(received.get(3).getPayload()).containsExactly(3, 0xff);
    }

    @Test
    void apiToken_publishesWithinItsAcl_refusedOutside_nothingPublished() throws Exception {
        String token = rest.post("/api/tokens", ADMIN, new JsonObject().put("api", true)
                .put("acl", acl("rest/allowed/#", "publish"))).json().getString("token");
        assertThat(rest.post("/api/mqtt/messages", token, new JsonObject().put("topic", "rest/allowed/x")).status())
                .isEqualTo(200);
        await().atMost(Duration.ofSeconds(5)).until(() -> received.size() == 1);

        JsonArray mixed = new JsonArray().add(new JsonObject().put("topic", "rest/allowed/y"))
                .add(new JsonObject().put("topic", "rest/other"));
        RestClient.Response refused = rest.post("/api/mqtt/messages", token, mixed);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.errorCode()).isEqualTo("TOPIC_NOT_ALLOWED");
        // a marker published after the refusal arrives alone: nothing of the refused batch went out
        rest.post("/api/mqtt/messages", ADMIN, new JsonObject().put("topic", "rest/marker"));
        await().atMost(Duration.ofSeconds(5)).until(() -> received.size() == 2);
        assertThat(topics).containsExactly("rest/allowed/x", "rest/marker");
    }

    @Test
    void userAccessToken_mayNotPublish_403() {
        rest.post("/api/users", ADMIN, new JsonObject().put("username", "publisher").put("password", "publisher-pw"));
        String access = rest.post("/api/oauth2/token", null, new JsonObject().put("username", "publisher")
                .put("password", "publisher-pw")).json().getString("access_token");
        assertThat(rest.post("/api/mqtt/messages", access, new JsonObject().put("topic", "rest/x")).errorCode())
                .isEqualTo("ACCESS_DENIED");
    }

    @Test
    void reservedTopic_403() {
        assertThat(rest.post("/api/mqtt/messages", ADMIN, new JsonObject().put("topic", "$SYS/broker/x")).errorCode())
                .isEqualTo("TOPIC_NOT_ALLOWED");
    }
}
