package io.herald.platform.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Installations and their MQTT endpoints: 201 then 200, lookups by id and MQTT:registrationID, the
 * 503-then-ready path, what the credentials allow, takeover by a second connection, expiry and renewal
 * with the session kept, and the error codes.
 */
@Timeout(60)
class InstallationIT {

    private static final Duration TTL = Duration.ofMinutes(5);

    @TempDir
    static Path dir;

    static PushFixture f;

    @BeforeAll
    static void start() throws Exception {
        f = new PushFixture(dir, TTL);
    }

    @AfterAll
    static void stop() {
        if (f != null) {
            f.close();
        }
    }

    @Test
    void endpoint_isNotReadyWhileProvisioning_503WithRetryAfter_thenReady() {
        String token = f.user("slow");
        f.gateway.hold();
        String id = f.install(token, false);

        RestClient.Response r = f.rest.get("/api/installations/" + id + "/mqtt-endpoint", token);

        assertThat(r.status()).isEqualTo(503);
        assertThat(r.errorCode()).isEqualTo("MQTT_ENDPOINT_NOT_READY");
        assertThat(r.raw().headers().firstValue("Retry-After")).hasValue("1");
        assertThat(r.contentType()).startsWith("application/problem+json");
        f.gateway.release();
        await().atMost(Duration.ofSeconds(5))
                .until(() -> f.rest.get("/api/installations/" + id + "/mqtt-endpoint", token).status() == 200);
    }

    @Test
    void installation_byIdAndRegistrationId_ownerOnly_andErrorCodes() {
        String token = f.user("owner1");
        String other = f.user("owner2");
        RestClient.Response created = f.rest.post("/api/installations", token,
                new JsonObject().put("deviceType", "MQTT").put("development", true));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.raw().headers().firstValue("Location")).isPresent();
        String id = created.json().getString("installationID");
        String reg = created.json().getString("installationRegistrationID");

        JsonObject byId = f.rest.get("/api/installations/" + id, token).json();
        assertThat(byId.getString("userID")).isEqualTo(f.userId(token));
        assertThat(byId.getBoolean("development")).isTrue();
        assertThat(f.rest.get("/api/installations/MQTT:" + reg, PlatformFixture.ADMIN).json().getString("installationID"))
                .isEqualTo(id);
        assertThat(f.rest.get("/api/installations/" + id, other).errorCode()).isEqualTo("ACCESS_DENIED");
        assertThat(f.rest.get("/api/installations/0123abcd", token).errorCode()).isEqualTo("INSTALLATION_NOT_FOUND");
        assertThat(f.rest.get("/api/installations/MQTT:0123abcd", token).status()).isEqualTo(404);
        assertThat(f.rest.delete("/api/installations/0123abcd", token).errorCode()).isEqualTo("INSTALLATION_NOT_FOUND");
        assertThat(f.rest.get("/api/installations/0123abcd/mqtt-endpoint", token).errorCode())
                .isEqualTo("INSTALLATION_NOT_FOUND");
        assertThat(f.rest.post("/api/installations", PlatformFixture.ADMIN, new JsonObject().put("deviceType", "MQTT"))
                .errorCode()).isEqualTo("INVALID_INPUT_DATA");
        assertThat(f.rest.post("/api/installations", PlatformFixture.ADMIN, new JsonObject().put("deviceType", "MQTT")
                .put("userID", "nobody")).errorCode()).isEqualTo("USER_NOT_FOUND");
        assertThat(f.rest.post("/api/installations", PlatformFixture.ADMIN, new JsonObject().put("deviceType", "MQTT")
                .put("thingID", "nothing")).errorCode()).isEqualTo("THING_NOT_FOUND");
        assertThat(f.rest.post("/api/installations", token, new JsonObject().put("deviceType", "IOS")).errorCode())
                .isEqualTo("INVALID_INPUT_DATA");
        assertThat(f.rest.post("/api/installations", token, new JsonObject().put("deviceType", "MQTT")
                .put("userID", f.userId(other))).errorCode()).isEqualTo("ACCESS_DENIED");
        assertThat(f.rest.post("/api/installations", null, new JsonObject().put("deviceType", "MQTT")).status())
                .isEqualTo(401);
    }

    @Test
    void admin_installsAThing() {
        String thingId = f.rest.post("/api/things", PlatformFixture.ADMIN, new JsonObject().put("thingID", "pump-1"))
                .json().getString("thingID");
        RestClient.Response r = f.rest.post("/api/installations", PlatformFixture.ADMIN, new JsonObject()
                .put("deviceType", "MQTT").put("thingID", thingId));
        assertThat(r.status()).isEqualTo(201);
        assertThat(f.rest.get("/api/installations/" + r.json().getString("installationID"), PlatformFixture.ADMIN)
                .json().getString("thingID")).isEqualTo("pump-1");
    }

    @Test
    void credentials_clientIdMustBeTheTopic_subscribeOnlyIt_publishNowhere() throws Exception {
        String token = f.user("strict");
        JsonObject e = f.endpoint(token, f.install(token, false));
        String topic = e.getString("mqttTopic");

        assertThatThrownBy(() -> connect("someone-else", e)).isInstanceOf(MqttException.class);
        MqttClient c = connect(topic, e);
        assertThat(c.subscribeWithResponse("other/topic", 1).getGrantedQos()[0]).isEqualTo(0x80);
        assertThat(c.subscribeWithResponse(topic, 1).getGrantedQos()[0]).isEqualTo(1);
        c.publish(topic, "{}".getBytes(StandardCharsets.UTF_8), 0, false);
        // an MQTT 3.1.1 publisher without rights is disconnected [MQTT-3.3.5-2 allows it] or ignored; either way nothing arrives
        c.disconnectForcibly(1000);
        c.close();
        JsonObject wrong = e.copy().put("password", "not-the-password");
        assertThatThrownBy(() -> connect(topic, wrong)).isInstanceOf(MqttException.class)
                .extracting(x -> ((MqttException) x).getReasonCode()).isEqualTo(4);
    }

    @Test
    void secondConnection_takesOverTheFirst_mqtt5Reason0x8E() throws Exception {
        String token = f.user("twice");
        JsonObject e = f.endpoint(token, f.install(token, false));
        String topic = e.getString("mqttTopic");
        CompletableFuture<Integer> firstReason = new CompletableFuture<>();
        org.eclipse.paho.mqttv5.client.MqttClient first = new org.eclipse.paho.mqttv5.client.MqttClient(
                "tcp://127.0.0.1:" + f.port("mqtt"), topic, new org.eclipse.paho.mqttv5.client.persist.MemoryPersistence());
        first.setCallback(new V5Callback(firstReason));
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setUserName(e.getString("username"));
        o.setPassword(e.getString("password").getBytes(StandardCharsets.UTF_8));
        first.connect(o);

        MqttClient second = connect(topic, e);

        assertThat(firstReason.get(5, TimeUnit.SECONDS)).isEqualTo(0x8E);
        assertThat(second.isConnected()).isTrue();
        second.disconnect();
        second.close();
        first.close(true);
    }

    @Test
    void expiringCredentials_endTheLiveConnection0xA0_areRefused_aNewEndpointWorks_andTheSessionKeptItsQueue()
            throws Exception {
        String token = f.user("renewer");
        String userId = f.userId(token);
        JsonObject old = f.endpoint(token, f.install(token, false));
        String topic = old.getString("mqttTopic");
        assertThat(f.rest.get("/api/installations/" + old.getString("installationID") + "/mqtt-endpoint", token)
                .raw().headers().firstValue("X-MQTT-TTL")).hasValue(Long.toString(TTL.toSeconds()));
        old = f.endpoint(token, old.getString("installationID"));
        CompletableFuture<Integer> reason = new CompletableFuture<>();
        org.eclipse.paho.mqttv5.client.MqttClient live = new org.eclipse.paho.mqttv5.client.MqttClient(
                "tcp://127.0.0.1:" + f.port("mqtt"), topic, new org.eclipse.paho.mqttv5.client.persist.MemoryPersistence());
        live.setCallback(new V5Callback(reason));
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setUserName(old.getString("username"));
        o.setPassword(old.getString("password").getBytes(StandardCharsets.UTF_8));
        live.connect(o);

        f.clock.advance(TTL.plusSeconds(1));

        // the broker enforces the identity's expiry: DISCONNECT 0xA0 (maximum connect time) within a second
        assertThat(reason.get(2, TimeUnit.SECONDS)).isEqualTo(0xA0);
        live.close(true);
        JsonObject expired = old;
        assertThatThrownBy(() -> connect(topic, expired)).isInstanceOf(MqttException.class)
                .extracting(x -> ((MqttException) x).getReasonCode()).isEqualTo(5);
        assertThat(f.rest.post("/api/users/" + userId + "/push/messages", PlatformFixture.ADMIN, new JsonObject()
                .put("data", new JsonObject().put("while", "expired")).put("mqtt", new JsonObject())).json()
                .getInteger("queued")).isEqualTo(1);

        JsonObject fresh = f.endpoint(token, old.getString("installationID"));
        assertThat(fresh.getString("password")).isNotEqualTo(old.getString("password"));
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        MqttClient again = connect(topic, fresh, received);
        assertThat(new JsonObject(received.poll(10, TimeUnit.SECONDS)).getString("while")).isEqualTo("expired");
        again.disconnect();
        again.close();
    }

    static MqttClient connect(String clientId, JsonObject endpoint) throws MqttException {
        return connect(clientId, endpoint, new LinkedBlockingQueue<>());
    }

    /** Paho 3.1.1 with a clean session, as a device following seed 000 would. */
    static MqttClient connect(String clientId, JsonObject endpoint, BlockingQueue<String> received) throws MqttException {
        MqttClient c = new MqttClient("tcp://" + endpoint.getString("host") + ":" + endpoint.getInteger("portTCP"),
                clientId, new MemoryPersistence());
        c.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {}

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                received.add(new String(message.getPayload(), StandardCharsets.UTF_8));
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {}
        });
        MqttConnectOptions o = new MqttConnectOptions();
        o.setUserName(endpoint.getString("username"));
        o.setPassword(endpoint.getString("password").toCharArray());
        c.connect(o);
        return c;
    }

    /** Completes with the reason code of the server's DISCONNECT. */
    private record V5Callback(CompletableFuture<Integer> reason) implements org.eclipse.paho.mqttv5.client.MqttCallback {
        @Override
        public void disconnected(MqttDisconnectResponse response) {
            reason.complete(response.getReturnCode());
        }

        @Override
        public void mqttErrorOccurred(org.eclipse.paho.mqttv5.common.MqttException exception) {}

        @Override
        public void messageArrived(String topic, org.eclipse.paho.mqttv5.common.MqttMessage message) {}

        @Override
        public void deliveryComplete(org.eclipse.paho.mqttv5.client.IMqttToken token) {}

        @Override
        public void connectComplete(boolean reconnect, String serverURI) {}

        @Override
        public void authPacketArrived(int reasonCode, org.eclipse.paho.mqttv5.common.packet.MqttProperties properties) {}
    }
}
