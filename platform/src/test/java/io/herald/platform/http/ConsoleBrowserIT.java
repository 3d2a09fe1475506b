package io.herald.platform.http;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.platform.device.DeviceSettings;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console in a real browser: headless Chromium (Debian's, driven by playwright-core through
 * {@code src/test/node/console-admin.js}) opens the console the REST listener serves on 127.0.0.1, signs
 * in with the admin token, kicks a Paho client's session, creates a token with the ACL editor and
 * revokes it, shows and clears a retained message, sees a simulated thing online with its reported
 * properties and gets its answer to a command from the command form, and screenshots every view it
 * visits into {@code target/console-screenshots}. Any page error or console error fails the script.
 * Threads: the test thread drives ({@link BrowserScript}); Paho's threads run the
 * simulated thing, which answers on a thread of its own (Paho forbids publishing from its callback).
 */
@Timeout(150)
class ConsoleBrowserIT {

    private static final String ADMIN = DeviceFixture.ADMIN;
    private static final Path SHOTS = BrowserScript.SHOTS;
    private static final String THING = "console-pump-7";
    private static final String REPORT = "{\"services\":[{\"service_id\":\"pump\",\"properties\":"
            + "{\"pressure\":2.75,\"running\":true},\"event_time\":\"20261207T101500Z\"}]}";

    @TempDir
    static Path dir;

    static DeviceFixture f;

    @BeforeAll
    static void chromiumAndPackagesInstalled() throws Exception {
        BrowserScript.checkInstalled();
        f = new DeviceFixture(dir, DeviceSettings.defaults());
    }

    @AfterAll
    static void stop() {
        if (f != null) {
            f.close();
        }
    }

    @Test
    void admin_kicksASession_managesTokensAndRetained_commandsAThing() throws Exception {
        AtomicBoolean lost = new AtomicBoolean();
        MqttClient device = connect("console-kick-me", lost);
        String topic = "console/retained/greeting";
        assertThat(f.rest.post("/api/mqtt/messages", ADMIN, new JsonObject().put("topic", topic)
                .put("payload", "hello console").put("qos", 1).put("retain", true)).status()).isEqualTo(200);
        MqttClient thing = answeringThing();
        await().atMost(Duration.ofSeconds(5)).until(() -> f.rest.get("/api/things/" + THING + "/properties", ADMIN).json()
                .getJsonArray("services").size() == 1);
        List<String> views = List.of("login", "sessions", "tokens", "retained", "users", "things", "thing", "broker",
                "phone-sessions", "phone-menu");
        BrowserScript.forget(views);
        List<String> lines = BrowserScript.run("console-admin.js", "http://127.0.0.1:" + f.httpPort + "/", ADMIN,
                "console-kick-me", topic, SHOTS.toString(), THING);

        assertThat(lines).as("the script's output").contains("SIGNED IN", "KICKED console-kick-me",
                "CLEARED " + topic, "THING " + THING + " online", "PROPERTY pump pressure 2.75",
                "PROPERTY pump running true", "DONE");
        await("the kicked client loses its connection").atMost(Duration.ofSeconds(5)).untilTrue(lost);
        assertThat(f.rest.get("/api/mqtt/sessions?clientId=console-kick-me&connected=true", ADMIN).array("sessions")).isEmpty();

        String tokenLine = lines.stream().filter(l -> l.startsWith("TOKEN ")).findFirst().orElseThrow();
        String tokenId = tokenLine.split(" ")[1];
        assertThat(tokenLine).as("the ACL the editor built, as the token list shows it")
                .endsWith("subscribe project/#; publish devices/+/state");
        assertThat(lines).contains("REVOKED " + tokenId);
        assertThat(f.rest.get("/api/tokens/" + tokenId, ADMIN).status()).as("revoked").isEqualTo(404);

        assertThat(f.rest.get("/api/mqtt/retained/" + encode(topic), ADMIN).status()).as("cleared").isEqualTo(404);

        String answer = lines.stream().filter(l -> l.startsWith("ANSWER ")).findFirst().orElseThrow();
        assertThat(answer).as("the thing's answer as the command form shows it")
                .contains("COMMAND_RESPONSE").contains("\"echo\": \"SET_SPEED\"").contains("\"speed\": 3");
        assertThat(lines).as("a command to the kicked thing").contains("OFFLINE The thing is offline (or not subscribed to its commands).");
        for (String view : views) {
            assertThat(SHOTS.resolve(view + ".png")).as("screenshot of " + view).isNotEmptyFile();
        }
        device.close();
        thing.disconnect();
        thing.close();
    }

    /**
     * A thing as Huawei's SDK runs it: Huawei login, reports its properties, answers every command on
     * {@code $oc/devices/{id}/sys/commands/response/request_id=…} with the command's name and parameters.
     */
    private static MqttClient answeringThing() throws Exception {
        f.thing(THING, "secret-of-" + THING);
        MqttClient c = f.huaweiThing(THING, "secret-of-" + THING);
        c.subscribe("$oc/devices/" + THING + "/sys/commands/#", 1, (t, m) -> {
            int at = t.indexOf("/sys/commands/request_id=");
            if (at < 0) {
                return;
            }
            String requestId = t.substring(at + "/sys/commands/request_id=".length());
            JsonObject command = new JsonObject(new String(m.getPayload(), UTF_8));
            JsonObject answer = new JsonObject().put("result_code", 0).put("response_name", "COMMAND_RESPONSE")
                    .put("paras", new JsonObject().put("echo", command.getString("command_name"))
                            .put("speed", command.getJsonObject("paras").getValue("speed")));
            Thread.ofVirtual().start(() -> {
                try {
                    c.publish("$oc/devices/" + THING + "/sys/commands/response/request_id=" + requestId,
                            answer.toBuffer().getBytes(), 1, false);
                } catch (MqttException e) {
                    throw new IllegalStateException(e);
                }
            });
        });
        c.publish("$oc/devices/" + THING + "/sys/properties/report", REPORT.getBytes(UTF_8), 1, false);
        return c;
    }

    /** A thing logging in with its secret (the broker here admits platform credentials only). */
    private static MqttClient connect(String clientId, AtomicBoolean lost) throws Exception {
        f.thing(clientId, "secret-of-" + clientId);
        MqttClient c = new MqttClient(f.broker.tcpUri(), clientId, new MemoryPersistence());
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
        o.setUserName(clientId);
        o.setPassword(("secret-of-" + clientId).toCharArray());
        c.connect(o);
        return c;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, UTF_8);
    }
}
