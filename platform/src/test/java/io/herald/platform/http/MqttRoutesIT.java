package io.herald.platform.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;

/** {@code /api/mqtt/sessions} and {@code /api/mqtt/retained} against a real broker and Paho clients. */
class MqttRoutesIT extends RestTestBase {

    private static MqttClient connect(String clientId, boolean cleanSession, AtomicBoolean lost) throws Exception {
        MqttClient c = new MqttClient("tcp://127.0.0.1:" + BROKER.mqttPort(), clientId, new MemoryPersistence());
        c.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
                lost.set(true);
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
            }
        });
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(cleanSession);
        c.connect(o);
        c.subscribe("sessions/" + clientId + "/#", 1);
        return c;
    }

    private static JsonArray sessions(String query) {
        RestClient.Response r = rest.get("/api/mqtt/sessions" + query, ADMIN);
        assertThat(r.status()).isEqualTo(200);
        return r.array("sessions");
    }

    @Test
    void listSessions_filteredAndPaged_thenKick_thenDiscard() throws Exception {
        AtomicBoolean lostA = new AtomicBoolean();
        MqttClient a = connect("sess-a", false, lostA);
        MqttClient b = connect("sess-b", true, new AtomicBoolean());

        JsonArray listed = sessions("?clientId=sess-");
        assertThat(listed.stream().map(o -> ((JsonObject) o).getString("clientId"))).containsExactly("sess-a", "sess-b");
        JsonObject first = listed.getJsonObject(0);
        assertThat(first.getBoolean("connected")).isTrue();
        assertThat(first.getInteger("protocolLevel")).isEqualTo(4);
        assertThat(first.getString("transport")).isEqualTo("tcp");
        assertThat(first.getString("remoteAddress")).startsWith("127.0.0.1:");
        assertThat(first.getJsonArray("subscriptions")).containsExactly("sessions/sess-a/#");
        assertThat(first.getString("connectedSince")).isNotBlank();
        assertThat(first.getJsonObject("principal").getString("kind")).isEqualTo("anonymous");
        assertThat(sessions("?clientId=sess-&limit=1&offset=1").getJsonObject(0).getString("clientId")).isEqualTo("sess-b");

        assertThat(rest.delete("/api/mqtt/sessions/sess-a", ADMIN).status()).isEqualTo(204);
        await().atMost(Duration.ofSeconds(2)).untilTrue(lostA);
        await().atMost(Duration.ofSeconds(5)).until(() -> !sessions("?clientId=sess-a").getJsonObject(0)
                .getBoolean("connected"));
        assertThat(sessions("?clientId=sess-a&connected=false").size()).as("kept: not a clean session").isEqualTo(1);

        assertThat(rest.delete("/api/mqtt/sessions/sess-a?discard=true", ADMIN).status()).isEqualTo(204);
        await().atMost(Duration.ofSeconds(5)).until(() -> sessions("?clientId=sess-a").isEmpty());
        assertThat(rest.delete("/api/mqtt/sessions/sess-a", ADMIN).errorCode()).isEqualTo("SESSION_NOT_FOUND");
        b.disconnect();
        b.close();
        a.close();
    }

    @Test
    void retained_publishListGetDelete() {
        JsonArray batch = new JsonArray()
                .add(new JsonObject().put("topic", "ret/a").put("payload", "text a").put("retain", true).put("qos", 1))
                .add(new JsonObject().put("topic", "ret/b/c").put("payload", Base64.getEncoder()
                        .encodeToString(new byte[] {(byte) 0xff, 0})).put("encoding", "base64").put("retain", true));
        assertThat(rest.post("/api/mqtt/messages", ADMIN, batch).status()).isEqualTo(200);

        JsonArray all = rest.get("/api/mqtt/retained?filter=ret/%23", ADMIN).array("messages");
        assertThat(all.stream().map(o -> ((JsonObject) o).getString("topic"))).containsExactly("ret/a", "ret/b/c");
        assertThat(all.getJsonObject(0).getInteger("payloadSize")).isEqualTo(6);
        assertThat(rest.get("/api/mqtt/retained?filter=ret/%2B", ADMIN).array("messages").size()).isEqualTo(1);

        JsonObject a = rest.get("/api/mqtt/retained/ret%2Fa", ADMIN).json();
        assertThat(a.getString("payload")).isEqualTo("text a");
        assertThat(a.getString("encoding")).isEqualTo("utf8");
        assertThat(a.getInteger("qos")).isEqualTo(1);
        JsonObject c = rest.get("/api/mqtt/retained/ret%2Fb%2Fc", ADMIN).json();
        assertThat(Base64.getDecoder().decode(c.getString("payload"))).containsExactly(0xff, 0);
        assertThat(c.getString("encoding")).isEqualTo("base64");

        assertThat(rest.delete("/api/mqtt/retained/ret%2Fa", ADMIN).status()).isEqualTo(204);
        assertThat(rest.get("/api/mqtt/retained/ret%2Fa", ADMIN).errorCode()).isEqualTo("RETAINED_NOT_FOUND");
        assertThat(rest.delete("/api/mqtt/retained/ret%2Fa", ADMIN).errorCode()).isEqualTo("RETAINED_NOT_FOUND");
        assertThat(rest.get("/api/mqtt/retained?filter=a/%23/b", ADMIN).errorCode()).isEqualTo("INVALID_TOPIC");
        assertThat(rest.get("/api/mqtt/retained/a%2B", ADMIN).errorCode()).isEqualTo("INVALID_TOPIC");
    }

    @Test
    void nonAdmin_403() {
        String token = rest.post("/api/tokens", ADMIN, new JsonObject().put("api", true)
                .put("acl", acl("x", "publish"))).json().getString("token");
        assertThat(rest.get("/api/mqtt/sessions", token).errorCode()).isEqualTo("ACCESS_DENIED");
        assertThat(rest.get("/api/mqtt/retained", token).status()).isEqualTo(403);
    }
}
