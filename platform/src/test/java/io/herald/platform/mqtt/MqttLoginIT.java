package io.herald.platform.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.herald.broker.auth.AuthResult;
import io.herald.broker.auth.Authenticator;
import io.herald.broker.listener.ListenerSpec;
import io.herald.broker.listener.ListenerSpec.Kind;
import io.herald.broker.listener.TlsSettings.ClientAuth;
import io.herald.platform.Platform;
import io.herald.platform.auth.HuaweiLogin;
import io.herald.platform.auth.PlatformAuthenticator;
import io.herald.platform.auth.Secrets;
import io.herald.platform.catalog.CatalogSettings;
import io.herald.platform.http.RestSettings;
import io.herald.testkit.EmbeddedHerald;
import io.herald.testkit.TestPki;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** MQTT clients (Paho, mosquitto_sub) logging in with platform credentials made over REST, against a real broker. */
@Timeout(60)
class MqttLoginIT {

    private static final String ADMIN = "admin-token-for-mqtt-tests-0123";

    @TempDir
    static Path dir;

    static TestPki pki;
    static Platform platform;
    static EmbeddedHerald broker;
    static HttpClient http = HttpClient.newHttpClient();
    static String api;
    static final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @BeforeAll
    static void start() throws Exception {
        pki = TestPki.create(dir.resolve("pki"), "platform");
        platform = Platform.open(new Platform.Settings(CatalogSettings.sqlite(dir.resolve("catalog.db")),
                dir.resolve("platform.key"), ADMIN, Duration.ofMinutes(10), Duration.ofHours(1)), Clock.systemUTC());
        Authenticator refuseTheRest = info -> CompletableFuture.completedFuture(
                AuthResult.refuse(AuthResult.Refusal.NOT_AUTHORIZED, "no platform credential"));
        broker = EmbeddedHerald.create(c -> c.listener(new ListenerSpec("tls", Kind.TLS, null, 0))
                        .tls(pki.serverSettings().withClientAuth(ClientAuth.OPTIONAL, pki.caFile(), null)))
                .authenticator(new PlatformAuthenticator(platform.credentials(), refuseTheRest, registry));
        broker.start();
        var rest = platform.startRest(RestSettings.http("127.0.0.1", 0), broker.broker(),
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        api = "http://127.0.0.1:" + rest.httpPort().orElseThrow();
    }

    @AfterAll
    static void stop() {
        broker.stop();
        platform.close();
    }

    static JsonObject post(String path, Object body) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(api + path))
                .header("Authorization", "Bearer " + ADMIN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isBetween(200, 201);
        return new JsonObject(r.body());
    }

    static String subscribeOnlyToken(String topic) throws Exception {
        return post("/api/tokens", new JsonObject().put("info", "subscribe only").put("ttl", 3600)
                .put("acl", new JsonArray().add(new JsonObject().put("topic", topic)
                        .put("actions", new JsonArray().add("subscribe"))))).getString("token");
    }

    static MqttClient client(String clientId) throws MqttException {
        return new MqttClient("tcp://127.0.0.1:" + broker.mqttPort(), clientId, new MemoryPersistence());
    }

    static MqttConnectOptions login(String username, String password) {
        MqttConnectOptions o = new MqttConnectOptions();
        o.setUserName(username);
        if (password != null) {
            o.setPassword(password.toCharArray());
        }
        return o;
    }

    static int granted(MqttClient c, String filter) throws MqttException {
        IMqttToken t = c.subscribeWithResponse(filter, 1);
        return t.getGrantedQos()[0];
    }

    @Test
    void subscribeOnlyToken_paho_receivesRestPublish_refusedElsewhere() throws Exception {
        String token = subscribeOnlyToken("project/group/user1");
        MqttClient c = client("user1-paho");
        c.connect(login(token, null));
        List<String> received = new CopyOnWriteArrayList<>();
        c.setCallback(new org.eclipse.paho.client.mqttv3.MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
            }

            @Override
            public void messageArrived(String topic, org.eclipse.paho.client.mqttv3.MqttMessage m) {
                received.add(topic + " " + new String(m.getPayload(), StandardCharsets.UTF_8));
            }

            @Override
            public void deliveryComplete(org.eclipse.paho.client.mqttv3.IMqttDeliveryToken t) {
            }
        });
        assertThat(granted(c, "project/group/user1")).isEqualTo(1);
        assertThat(granted(c, "project/group/user2")).isEqualTo(0x80);
        assertThat(granted(c, "project/#")).isEqualTo(0x80);
        post("/api/mqtt/messages", new JsonArray().add(new JsonObject().put("topic", "project/group/user1").put("payload", "hi"))
                .add(new JsonObject().put("topic", "project/group/user2").put("payload", "not for you")));
        await().atMost(Duration.ofSeconds(5)).until(() -> received.contains("project/group/user1 hi"));
        c.publish("project/group/user1", "own".getBytes(StandardCharsets.UTF_8), 0, false);
        post("/api/mqtt/messages", new JsonObject().put("topic", "project/group/user1").put("payload", "marker"));
        await().atMost(Duration.ofSeconds(5)).until(() -> received.contains("project/group/user1 marker"));
        assertThat(received).as("its own publish was not allowed, nothing else arrived")
                .containsExactly("project/group/user1 hi", "project/group/user1 marker");
        c.disconnect();
        c.close();
    }

    static HttpResponse<String> send(String method, String path, Object body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(api + path)).header("Authorization", "Bearer " + ADMIN)
                .header("Content-Type", "application/json").method(method, body == null
                        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body.toString()))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A Paho client that notes when its connection is lost. */
    static MqttClient watched(String clientId, List<Long> lostAt) throws MqttException {
        MqttClient c = client(clientId);
        c.setCallback(new org.eclipse.paho.client.mqttv3.MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
                lostAt.add(System.nanoTime());
            }

            @Override
            public void messageArrived(String topic, org.eclipse.paho.client.mqttv3.MqttMessage m) {
            }

            @Override
            public void deliveryComplete(org.eclipse.paho.client.mqttv3.IMqttDeliveryToken t) {
            }
        });
        return c;
    }

    @Test
    void deletedToken_disconnectsItsClientsWithinOneSecond_andNoLongerLogsIn() throws Exception {
        JsonObject created = post("/api/tokens", new JsonObject().put("acl", new JsonArray().add(new JsonObject()
                .put("topic", "project/group/user9").put("actions", new JsonArray().add("subscribe")))));
        String token = created.getString("token");
        List<Long> lostAt = new CopyOnWriteArrayList<>();
        MqttClient c = watched("user9", lostAt);
        c.connect(login(token, null));
        Process sub = new ProcessBuilder("mosquitto_sub", "-h", "127.0.0.1", "-p", String.valueOf(broker.mqttPort()),
                "-u", token, "-t", "project/group/user9", "-i", "user9-mosquitto").redirectErrorStream(true).start();
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> sessionConnected("user9-mosquitto"));
            long deleted = System.nanoTime();
            assertThat(send("DELETE", "/api/tokens/" + created.getString("id"), null).statusCode()).isEqualTo(204);
            await().atMost(Duration.ofSeconds(2)).until(() -> !lostAt.isEmpty());
            assertThat((lostAt.getFirst() - deleted) / 1e9).as("seconds until disconnected").isLessThan(1.0);
            assertThat(sub.waitFor(5, TimeUnit.SECONDS)).as("mosquitto_sub was disconnected too").isTrue();
        } finally {
            sub.destroyForcibly();
        }
        assertThatThrownBy(() -> c.connect(login(token, null))).isInstanceOf(MqttException.class);
        c.close();
    }

    @Test
    void patchedAcl_appliesToTheLiveConnection() throws Exception {
        JsonObject created = post("/api/tokens", new JsonObject().put("acl", new JsonArray()
                .add(new JsonObject().put("topic", "patch/a").put("actions", new JsonArray().add("subscribe")))));
        List<String> received = new CopyOnWriteArrayList<>();
        MqttClient c = client("patched");
        c.connect(login(created.getString("token"), null));
        c.subscribe("patch/a", 0, (t, m) -> received.add(t));
        assertThat(send("PATCH", "/api/tokens/" + created.getString("id"), new JsonObject().put("acl", new JsonArray()
                .add(new JsonObject().put("topic", "patch/b").put("actions", new JsonArray().add("subscribe")))))
                .statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            post("/api/mqtt/messages", new JsonObject().put("topic", "patch/b").put("payload", "probe"));
            assertThat(granted(c, "patch/b")).isEqualTo(1);
        });
        c.subscribe("patch/b", 0, (t, m) -> received.add(t));
        post("/api/mqtt/messages", new JsonArray().add(new JsonObject().put("topic", "patch/a"))
                .add(new JsonObject().put("topic", "patch/b")));
        await().atMost(Duration.ofSeconds(5)).until(() -> received.contains("patch/b"));
        assertThat(received).as("patch/a's subscription was removed with the ACL entry").doesNotContain("patch/a");
        c.disconnect();
        c.close();
    }

    static boolean sessionConnected(String clientId) throws Exception {
        HttpResponse<String> r = send("GET", "/api/mqtt/sessions?clientId=" + clientId, null);
        return new JsonObject(r.body()).getJsonArray("sessions").stream()
                .anyMatch(o -> ((JsonObject) o).getBoolean("connected"));
    }

    @Test
    void subscribeOnlyToken_mosquittoSub_receivesRestPublish() throws Exception {
        String token = subscribeOnlyToken("project/group/user3");
        Process sub = new ProcessBuilder("mosquitto_sub", "-h", "127.0.0.1", "-p", String.valueOf(broker.mqttPort()),
                "-u", token, "-t", "project/group/user3", "-C", "1", "-V", "mqttv5").redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(sub.getInputStream(), StandardCharsets.UTF_8));
            CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
                try {
                    return out.readLine();
                } catch (java.io.IOException e) {
                    return e.toString();
                }
            });
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                post("/api/mqtt/messages", new JsonObject().put("topic", "project/group/user3").put("payload", "to mosquitto"));
                return line.isDone();
            });
            assertThat(line.get()).isEqualTo("to mosquitto");
            assertThat(sub.waitFor(10, TimeUnit.SECONDS)).isTrue();
        } finally {
            sub.destroyForcibly();
        }
    }

    @Test
    void tokenAsPassword_anyUsername_andFlespiPrefix() throws Exception {
        String token = subscribeOnlyToken("a/b");
        MqttClient c = client("as-password");
        c.connect(login("whoever", token));
        assertThat(granted(c, "a/b")).isEqualTo(1);
        c.disconnect();
        c.connect(login("FlespiToken " + token, null));
        assertThat(granted(c, "a/c")).isEqualTo(0x80);
        c.disconnect();
        c.close();
    }

    @Test
    void unknownToken_refused() throws Exception {
        MqttClient c = client("unknown");
        assertThatThrownBy(() -> c.connect(login(Secrets.generate(), null))).isInstanceOf(MqttException.class)
                .extracting(e -> ((MqttException) e).getReasonCode()).isEqualTo((int) MqttException.REASON_CODE_NOT_AUTHORIZED);
        c.close();
    }

    @Test
    void thing_secretLogin_ownTopicsOnly_unlessItsAclGrantsMore() throws Exception {
        String secret = post("/api/things", new JsonObject().put("thingID", "dev-a").put("acl", new JsonArray()
                .add(new JsonObject().put("topic", "shared/status").put("actions", new JsonArray().add("subscribe")))))
                .getString("secret");
        MqttClient c = client("dev-a-client");
        c.connect(login("dev-a", secret));
        assertThat(granted(c, "$oc/devices/dev-a/sys/commands/#")).isEqualTo(1);
        assertThat(granted(c, "shared/status")).isEqualTo(1);
        assertThat(granted(c, "$oc/devices/dev-b/sys/commands/#")).isEqualTo(0x80);
        c.disconnect();
        assertThatThrownBy(() -> c.connect(login("dev-a", "wrong secret"))).isInstanceOf(MqttException.class)
                .extracting(e -> ((MqttException) e).getReasonCode())
                .isEqualTo((int) MqttException.REASON_CODE_FAILED_AUTHENTICATION);
        c.close();
    }

    @Test
    void huaweiHmacLogin_type1Fresh_acceptedStaleRefused_type0AcceptedAnyTime() throws Exception {
        String secret = post("/api/things", new JsonObject().put("thingID", "hw_dev")).getString("secret");
        String now = HuaweiLogin.timestampOf(Instant.now());
        MqttClient fresh = client("hw_dev_0_1_" + now);
        fresh.connect(login("hw_dev", HuaweiLogin.signature(secret, now)));
        assertThat(granted(fresh, "$oc/devices/hw_dev/sys/commands/#")).isEqualTo(1);
        fresh.disconnect();
        fresh.close();

        String stale = "2018072417";
        MqttClient old = client("hw_dev_0_1_" + stale);
        assertThatThrownBy(() -> old.connect(login("hw_dev", HuaweiLogin.signature(secret, stale))))
                .isInstanceOf(MqttException.class).extracting(e -> ((MqttException) e).getReasonCode())
                .isEqualTo((int) MqttException.REASON_CODE_FAILED_AUTHENTICATION);
        assertThat(registry.counter("herald.auth.failures", "reason", "stale_timestamp").count())
                .as("Paho retries with MQTT 3.1 after a refusal").isGreaterThanOrEqualTo(1);
        old.close();
        MqttClient unchecked = client("hw_dev_0_0_" + stale);
        unchecked.connect(login("hw_dev", HuaweiLogin.signature(secret, stale)));
        unchecked.disconnect();
        unchecked.close();
    }

    @Test
    void certificateOnlyThing_connectsWithoutUsername_asThatThing() throws Exception {
        post("/api/things", new JsonObject().put("thingID", "cert-dev"));
        TestPki.Issued device = pki.client("cert-dev");
        TestPki.Issued stranger = pki.client("no-such-thing");
        MqttClient c = new MqttClient("ssl://127.0.0.1:" + broker.port("tls"), "cert-client", new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setSocketFactory(pki.clientContext(device).getSocketFactory());
        o.setHttpsHostnameVerificationEnabled(false);
        c.connect(o);
        assertThat(granted(c, "$oc/devices/cert-dev/#")).isEqualTo(1);
        assertThat(granted(c, "$oc/devices/other/#")).isEqualTo(0x80);
        c.disconnect();
        c.close();

        MqttClient s = new MqttClient("ssl://127.0.0.1:" + broker.port("tls"), "stranger", new MemoryPersistence());
        MqttConnectOptions so = new MqttConnectOptions();
        so.setSocketFactory(pki.clientContext(stranger).getSocketFactory());
        so.setHttpsHostnameVerificationEnabled(false);
        assertThatThrownBy(() -> s.connect(so)).as("a certificate of no known thing is not a login")
                .isInstanceOf(MqttException.class);
        s.close();
    }
}
