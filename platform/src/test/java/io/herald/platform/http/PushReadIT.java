package io.herald.platform.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.broker.BrokerConfig;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seed 003's read marker: {@code POST /api/users/{id}/push/read} pushes {@code {"id":…,"read":true}} to the
 * user's installation (a Paho client with the endpoint's values receives it); only the user itself and the
 * admin may.
 */
@Timeout(60)
class PushReadIT {

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
    void markRead_reachesTheUsersInstallation_onlyTheUserAndTheAdminMay() throws Exception {
        String token = f.user("reader");
        String userId = f.userId(token);
        JsonObject ep = f.endpoint(token, f.install(token, false));
        List<JsonObject> received = new CopyOnWriteArrayList<>();
        MqttClient device = new MqttClient("tcp://127.0.0.1:" + f.port(BrokerConfig.MQTT_LISTENER), ep.getString("mqttTopic"), new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setUserName(ep.getString("username"));
        o.setPassword(ep.getString("password").toCharArray());
        device.connect(o);
        device.subscribe(ep.getString("mqttTopic"), 1, (t, m) -> received.add(new JsonObject(new String(m.getPayload(),
                StandardCharsets.UTF_8))));

        RestClient.Response r = f.rest.post("/api/users/" + userId + "/push/read", token, new JsonObject().put("id", "n-1"));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(r.json().getInteger("matched")).isEqualTo(1);
        await().atMost(Duration.ofSeconds(5)).until(() -> !received.isEmpty());
        assertThat(received.getFirst().getString("id")).isEqualTo("n-1");
        assertThat(received.getFirst().getBoolean("read")).isTrue();
        assertThat(received.getFirst().getString("pushMessageID")).isEqualTo(r.json().getString("pushMessageID"));

        assertThat(f.rest.post("/api/users/" + userId + "/push/read", PushFixture.ADMIN, new JsonObject().put("id", "n-2"))
                .status()).isEqualTo(201);
        String other = f.user("someone-else");
        assertThat(f.rest.post("/api/users/" + userId + "/push/read", other, new JsonObject().put("id", "n-3")).status())
                .as("another user").isEqualTo(403);
        assertThat(f.rest.post("/api/users/" + userId + "/push/read", token, new JsonObject()).status())
                .as("no id").isEqualTo(400);
        device.disconnect();
    }
}
