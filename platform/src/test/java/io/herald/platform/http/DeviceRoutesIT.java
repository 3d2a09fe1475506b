package io.herald.platform.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.platform.device.DeviceSettings;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Simulated things over real MQTT against the broker, the platform and its REST API: property reports (latest,
 * history, malformed, another thing's topics) over MQTT 3.1.1 (Paho, Huawei HMAC login) and MQTT 5 (Paho v5),
 * reports routed to applications, presence and device messages.
 */
@Timeout(60)
class DeviceRoutesIT {

    private static final String ADMIN = DeviceFixture.ADMIN;
    private static final String REPORT = "{\"services\":[{\"service_id\":\"smokeDetector\",\"properties\":"
            + "{\"alarm\":1,\"temperature\":12.670784},\"event_time\":\"20261122T101500Z\"}]}";

    @TempDir
    static Path dir;

    static DeviceFixture f;

    @BeforeAll
    static void start() throws Exception {
        f = new DeviceFixture(dir, DeviceSettings.defaults().withHistory(5, Duration.ofDays(1)));
    }

    @AfterAll
    static void stop() {
        if (f != null) {
            f.close();
        }
    }

    private static String thing(String name) {
        String id = name + "-" + System.nanoTime();
        f.thing(id, "secret-of-" + id);
        return id;
    }

    @Test
    void report_showsInLatestAndHistory() throws Exception {
        String id = thing("report");
        MqttClient c = f.huaweiThing(id, "secret-of-" + id);
        c.publish("$oc/devices/" + id + "/sys/properties/report", REPORT.getBytes(StandardCharsets.UTF_8), 1, false);
        await().until(() -> f.rest.get("/api/things/" + id + "/properties", ADMIN).json().getJsonArray("services").size() == 1);
        JsonObject latest = f.rest.get("/api/things/" + id + "/properties", ADMIN).json();
        JsonObject temperature = latest.getJsonArray("services").getJsonObject(0).getJsonObject("properties")
                .getJsonObject("temperature");
        assertThat(temperature.getDouble("value")).isEqualTo(12.670784);
        assertThat(temperature.getString("event_time")).isEqualTo("2026-11-22T10:15:00Z");

        for (int i = 0; i < 7; i++) {
            c.publish("$oc/devices/" + id + "/sys/properties/report", ("{\"services\":[{\"service_id\":\"smokeDetector\","
                    + "\"properties\":{\"alarm\":" + i + "}}]}").getBytes(StandardCharsets.UTF_8), 1, false);
        }
        await().until(() -> f.rest.get("/api/things/" + id + "/properties", ADMIN).json().getJsonArray("services")
                .getJsonObject(0).getJsonObject("properties").getJsonObject("alarm").getInteger("value") == 6);
        JsonArray history = f.rest.get("/api/things/" + id + "/properties/history?service_id=smokeDetector&property=alarm"
                + "&limit=3", ADMIN).json().getJsonArray("values");
        assertThat(history.stream().map(v -> ((JsonObject) v).getInteger("value")).toList()).containsExactly(6, 5, 4);
        // bounded at 5 values per thing (pruned every few seconds)
        await().atMost(Duration.ofSeconds(15)).until(() -> f.rest.get("/api/things/" + id
                + "/properties/history?limit=100", ADMIN).json().getJsonArray("values").size() == 5);
        assertThat(f.rest.get("/api/things/" + id + "/properties/history?from=2026-11-22T10:00:00Z"
                + "&to=2026-11-22T10:30:00Z", ADMIN).json().getJsonArray("values")).isEmpty();
        assertThat(f.rest.get("/api/things/" + id + "/properties/history?from=yesterday", ADMIN).status()).isEqualTo(400);
        c.disconnect();
    }

    @Test
    void malformedReports_andAnotherThingsTopic_nothingStored() throws Exception {
        String id = thing("bad");
        String other = thing("other");
        MqttClient c = f.huaweiThing(id, "secret-of-" + id);
        double invalid = f.refused("properties_report", "invalid");
        for (String bad : List.of("{not json", "{\"services\":{}}", "{\"services\":[{\"service_id\":\"s\"}]}")) {
            c.publish("$oc/devices/" + id + "/sys/properties/report", bad.getBytes(StandardCharsets.UTF_8), 1, false);
        }
        assertThat(f.refused("properties_report", "invalid") - invalid).isEqualTo(3);
        // the thing's ACL allows only its own topics: the broker drops this one (MQTT 3: acknowledged)
        c.publish("$oc/devices/" + other + "/sys/properties/report", REPORT.getBytes(StandardCharsets.UTF_8), 1, false);
        // and refuses a subscription to another thing's commands
        assertThat(c.subscribeWithResponse("$oc/devices/" + other + "/sys/commands/#", 1).getGrantedQos()[0])
                .isEqualTo(0x80);
        c.publish("$oc/devices/" + id + "/sys/properties/report",
                "{\"services\":[{\"service_id\":\"marker\",\"properties\":{\"m\":1}}]}".getBytes(), 1, false);
        await().until(() -> !f.rest.get("/api/things/" + id + "/properties", ADMIN).json().getJsonArray("services").isEmpty());
        assertThat(f.rest.get("/api/things/" + id + "/properties", ADMIN).json().getJsonArray("services"))
                .extracting(s -> ((JsonObject) s).getString("service_id")).containsExactly("marker");
        assertThat(f.rest.get("/api/things/" + other + "/properties", ADMIN).json().getJsonArray("services")).isEmpty();
        c.disconnect();
    }

    @Test
    void mqtt5_malformedReport_puback0x99() throws Exception {
        String id = thing("v5bad");
        var c = new org.eclipse.paho.mqttv5.client.MqttAsyncClient(f.broker.tcpUri(), id, new MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setUserName(id);
        o.setPassword(("secret-of-" + id).getBytes(StandardCharsets.UTF_8));
        c.connect(o).waitForCompletion(5_000);
        IMqttToken token = c.publish("$oc/devices/" + id + "/sys/properties/report",
                new org.eclipse.paho.mqttv5.common.MqttMessage("[1,2]".getBytes(), 1, false, null));
        assertThat(reasonOf(token)).isEqualTo(0x99);
        c.disconnect().waitForCompletion(5_000);
        c.close();
    }

    @Test
    void mqtt5_anotherThingsTopics_puback0x87_subackRefused_nothingStored() throws Exception {
        String id = thing("v5nosy");
        String other = thing("v5victim");
        var c = new org.eclipse.paho.mqttv5.client.MqttAsyncClient(f.broker.tcpUri(), id, new MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setUserName(id);
        o.setPassword(("secret-of-" + id).getBytes(StandardCharsets.UTF_8));
        c.connect(o).waitForCompletion(5_000);
        assertThat(reasonOf(c.publish("$oc/devices/" + other + "/sys/properties/report",
                new org.eclipse.paho.mqttv5.common.MqttMessage(REPORT.getBytes(StandardCharsets.UTF_8), 1, false, null))))
                .isEqualTo(0x87);
        assertThat(reasonOf(c.subscribe(new org.eclipse.paho.mqttv5.common.MqttSubscription(
                "$oc/devices/" + other + "/sys/commands/#", 1)))).isEqualTo(0x87);
        // its own topics still work: a marker report is stored, nothing for the other thing
        byte[] marker = "{\"services\":[{\"service_id\":\"marker\",\"properties\":{\"m\":1}}]}"
                .getBytes(StandardCharsets.UTF_8);
        assertThat(reasonOf(c.publish("$oc/devices/" + id + "/sys/properties/report",
                new org.eclipse.paho.mqttv5.common.MqttMessage(marker, 1, false, null))))
                .as("success (0x10: no one subscribes)").isLessThan(0x80);
        await().until(() -> !f.rest.get("/api/things/" + id + "/properties", ADMIN).json().getJsonArray("services").isEmpty());
        assertThat(f.rest.get("/api/things/" + other + "/properties", ADMIN).json().getJsonArray("services")).isEmpty();
        c.disconnect().waitForCompletion(5_000);
        c.close();
    }

    @Test
    void reportsAndMessagesUp_routedToAnApplicationWhoseAclAllowsThem() throws Exception {
        String id = thing("watched");
        String allowed = f.rest.post("/api/tokens", ADMIN, new JsonObject().put("ttl", 600).put("acl", new JsonArray()
                .add(new JsonObject().put("topic", "$oc/devices/" + id + "/sys/#")
                        .put("actions", new JsonArray().add("subscribe"))))).json().getString("token");
        String other = f.rest.post("/api/tokens", ADMIN, new JsonObject().put("ttl", 600).put("acl", new JsonArray()
                .add(new JsonObject().put("topic", "somewhere/else").put("actions", new JsonArray().add("subscribe")))))
                .json().getString("token");
        List<String> seen = new CopyOnWriteArrayList<>();
        MqttClient app = application("app-" + id, allowed);
        app.subscribe("$oc/devices/" + id + "/sys/properties/report", 1, (t, m) -> seen.add(t + " " + new String(m.getPayload(),
                StandardCharsets.UTF_8)));
        app.subscribe("$oc/devices/" + id + "/sys/messages/up", 1, (t, m) -> seen.add(t + " " + new String(m.getPayload(),
                StandardCharsets.UTF_8)));
        MqttClient denied = application("nosy-" + id, other);
        assertThat(denied.subscribeWithResponse("$oc/devices/" + id + "/sys/properties/report", 1).getGrantedQos()[0])
                .isEqualTo(0x80);

        MqttClient thing = f.huaweiThing(id, "secret-of-" + id);
        thing.publish("$oc/devices/" + id + "/sys/properties/report", REPORT.getBytes(StandardCharsets.UTF_8), 1, false);
        thing.publish("$oc/devices/" + id + "/sys/messages/up", "{\"up\":1}".getBytes(StandardCharsets.UTF_8), 1, false);
        await().until(() -> seen.size() == 2);
        assertThat(seen).containsExactly("$oc/devices/" + id + "/sys/properties/report " + REPORT,
                "$oc/devices/" + id + "/sys/messages/up {\"up\":1}");
        await().until(() -> f.rest.get("/api/things/" + id + "/properties", ADMIN).json().getJsonArray("services").size() == 1);
        thing.disconnect();
        app.disconnect();
        denied.disconnect();
    }

    @Test
    void presence_andMessagesDown() throws Exception {
        String id = thing("present");
        assertThat(f.rest.get("/api/things/" + id, ADMIN).json().getBoolean("online")).isFalse();
        MqttClient c = f.huaweiThing(id, "secret-of-" + id);
        List<MqttMessage> down = new CopyOnWriteArrayList<>();
        c.subscribe("$oc/devices/" + id + "/sys/messages/down", 1, (t, m) -> down.add(m));
        await().until(() -> f.rest.get("/api/things/" + id, ADMIN).json().getBoolean("online"));
        JsonObject thing = f.rest.get("/api/things/" + id, ADMIN).json();
        assertThat(thing.getBoolean("online")).isTrue();
        assertThat(thing.getString("lastConnectedAt")).isNotNull();
        assertThat(f.rest.get("/api/things?online=true&limit=1000", ADMIN).json().getJsonArray("things").stream()
                .map(o -> ((JsonObject) o).getString("thingID")).toList()).contains(id);

        RestClient.Response sent = f.rest.post("/api/things/" + id + "/messages", ADMIN, new JsonObject()
                .put("message", new JsonObject().put("hello", "thing")).put("name", "greeting"));
        assertThat(sent.status()).as(sent.body()).isEqualTo(200);
        assertThat(sent.json().getInteger("matched")).isEqualTo(1);
        await().until(() -> down.size() == 1);
        JsonObject body = new JsonObject(new String(down.getFirst().getPayload(), StandardCharsets.UTF_8));
        assertThat(body.getString("object_device_id")).isEqualTo(id);
        assertThat(body.getJsonObject("content").getString("hello")).isEqualTo("thing");

        c.publish("$oc/devices/" + id + "/sys/messages/up", "{\"up\":1}".getBytes(), 1, false);
        c.disconnect();
        await().until(() -> !f.rest.get("/api/things/" + id, ADMIN).json().getBoolean("online"));
        JsonObject after = f.rest.get("/api/things/" + id, ADMIN).json();
        assertThat(after.getBoolean("online")).isFalse();
        assertThat(after.getString("lastDisconnectReason")).isEqualTo("client disconnected");
        assertThat(Instant.parse(after.getString("lastDisconnectedAt")))
                .isAfterOrEqualTo(Instant.parse(after.getString("lastConnectedAt")));
        assertThat(f.rest.get("/api/things?online=false&limit=1000", ADMIN).json().getJsonArray("things").stream()
                .map(o -> ((JsonObject) o).getString("thingID")).toList()).contains(id);
    }

    private static void awaitOnline(String id) {
        await().until(() -> f.rest.get("/api/things/" + id, ADMIN).json().getBoolean("online"));
    }

    /** The first reason code of a completed MQTT 5 PUBACK or SUBACK, whether Paho reports it as a failure or not. */
    private static int reasonOf(IMqttToken token) {
        try {
            token.waitForCompletion(5_000);
            return token.getReasonCodes()[0];
        } catch (org.eclipse.paho.mqttv5.common.MqttException e) {
            return e.getReasonCode();
        }
    }

    /** An application logging in with a platform token as its user name (MQTT 3.1.1). */
    private static MqttClient application(String clientId, String token) throws Exception {
        MqttClient c = new MqttClient(f.broker.tcpUri(), clientId,
                new org.eclipse.paho.client.mqttv3.persist.MemoryPersistence());
        org.eclipse.paho.client.mqttv3.MqttConnectOptions o = new org.eclipse.paho.client.mqttv3.MqttConnectOptions();
        o.setUserName(token);
        o.setMqttVersion(org.eclipse.paho.client.mqttv3.MqttConnectOptions.MQTT_VERSION_3_1_1);
        c.connect(o);
        return c;
    }
}
