package io.herald.platform.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.platform.device.DeviceSettings;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Commands to simulated things over real MQTT against the broker, the platform and its REST API: synchronous
 * ones answered on Huawei's topics (MQTT 3.1.1, Paho, Huawei HMAC login) or to the MQTT 5 Response Topic with
 * the Correlation Data (Paho v5), timeouts, offline things, and queued commands delivered on connect.
 */
@Timeout(60)
class DeviceCommandsIT {

    private static final String ADMIN = DeviceFixture.ADMIN;

    @TempDir
    static Path dir;

    static DeviceFixture f;

    @BeforeAll
    static void start() throws Exception {
        f = new DeviceFixture(dir, DeviceSettings.defaults());
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

    /** Answers every command on {@code $oc/devices/{id}/sys/commands/request_id=…} as Huawei's SDK does. */
    private static MqttClient answering(String id, int resultCode) throws Exception {
        MqttClient c = f.huaweiThing(id, "secret-of-" + id);
        c.subscribe("$oc/devices/" + id + "/sys/commands/#", 1, (topic, m) -> {
            int at = topic.indexOf("/sys/commands/request_id=");
            if (at < 0) {
                return; // our own answers come back through the same subscription
            }
            String requestId = topic.substring(at + "/sys/commands/request_id=".length());
            JsonObject command = new JsonObject(new String(m.getPayload(), StandardCharsets.UTF_8));
            JsonObject answer = new JsonObject().put("result_code", resultCode).put("response_name", "COMMAND_RESPONSE")
                    .put("paras", new JsonObject().put("echo", command.getString("command_name")));
            new Thread(() -> {
                try {
                    c.publish("$oc/devices/" + id + "/sys/commands/response/request_id=" + requestId,
                            answer.toBuffer().getBytes(), 1, false);
                } catch (MqttException e) {
                    throw new IllegalStateException(e);
                }
            }).start();
        });
        return c;
    }

    @Test
    void syncCommand_roundTrip() throws Exception {
        String id = thing("sync");
        MqttClient c = answering(id, 0);
        awaitOnline(id);
        RestClient.Response r = f.rest.post("/api/things/" + id + "/commands", ADMIN, new JsonObject()
                .put("service_id", "smokeDetector").put("command_name", "SILENCE")
                .put("paras", new JsonObject().put("value", 1)).put("timeout", 10));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().getString("command_id")).isNotBlank();
        assertThat(r.json().getJsonObject("response")).isEqualTo(new JsonObject().put("result_code", 0)
                .put("response_name", "COMMAND_RESPONSE").put("paras", new JsonObject().put("echo", "SILENCE")));
        c.disconnect();
    }

    @Test
    void syncCommand_mqtt5_answersToResponseTopicWithCorrelationData() throws Exception {
        String id = thing("v5cmd");
        org.eclipse.paho.mqttv5.client.MqttClient c = v5(id);
        c.subscribe(new org.eclipse.paho.mqttv5.common.MqttSubscription[] {
                new org.eclipse.paho.mqttv5.common.MqttSubscription("$oc/devices/" + id + "/sys/commands/#", 1)},
                new org.eclipse.paho.mqttv5.client.IMqttMessageListener[] {(topic, m) -> {
                    if (!topic.contains("/request_id=")) {
                        return;
                    }
                    MqttProperties props = new MqttProperties();
                    props.setCorrelationData(m.getProperties().getCorrelationData());
                    var answer = new org.eclipse.paho.mqttv5.common.MqttMessage(
                            "{\"result_code\":0,\"paras\":{\"v\":5}}".getBytes(), 1, false, props);
                    String responseTopic = m.getProperties().getResponseTopic();
                    new Thread(() -> {
                        try {
                            c.publish(responseTopic, answer);
                        } catch (org.eclipse.paho.mqttv5.common.MqttException e) {
                            throw new IllegalStateException(e);
                        }
                    }).start();
                }});
        RestClient.Response r = f.rest.post("/api/things/" + id + "/commands", ADMIN, new JsonObject()
                .put("command_name", "PING").put("timeout", 5));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().getJsonObject("response").getJsonObject("paras").getInteger("v")).isEqualTo(5);
        c.disconnect();
    }

    @Test
    void syncCommand_noAnswer_504() throws Exception {
        String id = thing("mute");
        MqttClient c = f.huaweiThing(id, "secret-of-" + id);
        c.subscribe("$oc/devices/" + id + "/sys/commands/#", 1);
        awaitOnline(id);
        long start = System.nanoTime();
        RestClient.Response r = f.rest.post("/api/things/" + id + "/commands", ADMIN, new JsonObject().put("timeout", 1));
        assertThat(r.status()).isEqualTo(504);
        assertThat(r.errorCode()).isEqualTo("COMMAND_TIMEOUT");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(900), Duration.ofSeconds(5));
        assertThat(f.rest.post("/api/things/" + id + "/commands", ADMIN, new JsonObject().put("timeout", 61)).status())
                .isEqualTo(400);
        c.disconnect();
    }

    @Test
    void syncCommands_waiting_holdNoThread() throws Exception {
        String id = thing("busy");
        MqttClient c = f.huaweiThing(id, "secret-of-" + id);
        c.subscribe("$oc/devices/" + id + "/sys/commands/#", 1); // receives commands, never answers
        awaitOnline(id);
        int waiting = 40; // five times the REST API's 8 worker threads
        long start = System.nanoTime();
        List<Future<RestClient.Response>> calls = new ArrayList<>();
        try (var callers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < waiting; i++) {
                calls.add(callers.submit(() -> f.rest.post("/api/things/" + id + "/commands", ADMIN,
                        new JsonObject().put("command_name", "WAIT").put("timeout", 3))));
            }
            // while they wait, a call that needs a worker thread (a catalog read) is answered at once
            await().atMost(Duration.ofSeconds(2)).until(() -> f.rest.get("/api/things/" + id, ADMIN).status() == 200);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
            for (var call : calls) {
                assertThat(call.get(10, TimeUnit.SECONDS).errorCode()).isEqualTo("COMMAND_TIMEOUT");
            }
        }
        // all timed out together, not eight at a time
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
        c.disconnect();
    }

    @Test
    void syncCommand_offline_409_unknown_404() {
        String id = thing("offline");
        RestClient.Response r = f.rest.post("/api/things/" + id + "/commands", ADMIN, new JsonObject());
        assertThat(r.status()).isEqualTo(409);
        assertThat(r.errorCode()).isEqualTo("THING_OFFLINE");
        assertThat(f.rest.post("/api/things/nobody-here/commands", ADMIN, new JsonObject()).errorCode())
                .isEqualTo("THING_NOT_FOUND");
    }

    @Test
    void queuedCommand_deliveredOnReconnect_succeeds() throws Exception {
        String id = thing("queued");
        RestClient.Response created = f.rest.post("/api/things/" + id + "/commands", ADMIN, new JsonObject()
                .put("mode", "queued").put("ttl", 600).put("command_name", "REBOOT"));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String commandId = created.json().getString("command_id");
        assertThat(created.json().getString("status")).isEqualTo("PENDING");

        MqttClient c = answering(id, 0); // connects (the platform is told), subscribes, answers
        await().until(() -> "SUCCEEDED".equals(f.rest.get("/api/things/" + id + "/commands/" + commandId, ADMIN).json()
                .getString("status")));
        JsonObject done = f.rest.get("/api/things/" + id + "/commands/" + commandId, ADMIN).json();
        assertThat(done.getJsonObject("response").getJsonObject("paras").getString("echo")).isEqualTo("REBOOT");
        assertThat(done.getString("delivered_time")).isNotNull();
        assertThat(f.rest.get("/api/things/" + id + "/commands/nope", ADMIN).errorCode()).isEqualTo("COMMAND_NOT_FOUND");
        c.disconnect();
    }

    @Test
    void queuedCommand_answeredWithAnError_failed() throws Exception {
        String id = thing("failing");
        String commandId = f.rest.post("/api/things/" + id + "/commands", ADMIN, new JsonObject().put("mode", "queued")
                .put("ttl", 600).put("command_name", "SELF_DESTRUCT")).json().getString("command_id");
        MqttClient c = answering(id, 1);
        await().until(() -> "FAILED".equals(f.rest.get("/api/things/" + id + "/commands/" + commandId, ADMIN).json()
                .getString("status")));
        assertThat(f.rest.get("/api/things/" + id + "/commands/" + commandId, ADMIN).json().getJsonObject("response")
                .getInteger("result_code")).isEqualTo(1);
        c.disconnect();
    }

    @Test
    void queuedCommand_expires() {
        String id = thing("expiring");
        String commandId = f.rest.post("/api/things/" + id + "/commands", ADMIN, new JsonObject().put("mode", "queued")
                .put("ttl", 1)).json().getString("command_id");
        await().atMost(Duration.ofSeconds(5)).until(() -> "EXPIRED".equals(f.rest.get("/api/things/" + id
                + "/commands/" + commandId, ADMIN).json().getString("status")));
    }

    private static void awaitOnline(String id) {
        await().until(() -> f.rest.get("/api/things/" + id, ADMIN).json().getBoolean("online"));
    }

    private static org.eclipse.paho.mqttv5.client.MqttClient v5(String id) throws Exception {
        var c = new org.eclipse.paho.mqttv5.client.MqttClient(f.broker.tcpUri(), id, new MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setUserName(id);
        o.setPassword(("secret-of-" + id).getBytes(StandardCharsets.UTF_8));
        c.connect(o);
        awaitOnline(id);
        return c;
    }
}
