package io.herald.platform.http;

import io.herald.broker.Broker;
import io.herald.broker.BrokerConfig;
import io.herald.broker.auth.AuthResult;
import io.herald.broker.auth.Authenticator;
import io.herald.broker.auth.Authorizer;
import io.herald.broker.listener.ListenerSpec;
import io.herald.broker.listener.ListenerSpec.Kind;
import io.herald.broker.publish.DeliveryTracker;
import io.herald.broker.store.memory.MemoryStore;
import io.herald.platform.Platform;
import io.herald.platform.catalog.CatalogSettings;
import io.herald.platform.push.BrokerPushGateway;
import io.herald.platform.push.PushGateway;
import io.herald.platform.push.PushSettings;
import io.herald.testkit.TestPki;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A broker (TCP, TLS, WS, WSS on free ports, the installations' authenticator in front) and a platform
 * with push and its REST API, sharing one movable clock; provisioning can be held back to see the 503.
 */
final class PushFixture implements AutoCloseable {

    static final String ADMIN = PlatformFixture.ADMIN;

    final MovableClock clock = new MovableClock();
    final TestPki pki;
    final Platform platform;
    final Broker broker;
    final RestClient rest;
    final HeldGateway gateway;

    PushFixture(Path dir, Duration credentialTtl) throws Exception {
        pki = TestPki.create(dir.resolve("pki"), "push");
        platform = Platform.open(new Platform.Settings(CatalogSettings.sqlite(dir.resolve("catalog.db")),
                dir.resolve("platform.key"), ADMIN, Duration.ofMinutes(10), Duration.ofHours(1)), clock);
        BrokerConfig config = BrokerConfig.builder().bind("127.0.0.1").mqttPort(0)
                .listener(new ListenerSpec("tls", Kind.TLS, null, 0))
                .listener(new ListenerSpec("ws", Kind.WS, null, 0))
                .listener(new ListenerSpec("wss", Kind.WSS, null, 0))
                .tls(pki.serverSettings()).build();
        // behind the installations, nobody else may log in: what they refuse stays refused
        Authenticator nobodyElse = info -> CompletableFuture.completedFuture(
                AuthResult.refuse(AuthResult.Refusal.NOT_AUTHORIZED, "not an installation"));
        broker = Broker.start(config, new MemoryStore(), platform.push().authenticator(nobodyElse),
                Authorizer.allowAll(), new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), clock);
        gateway = new HeldGateway(new BrokerPushGateway(broker));
        platform.startPush(gateway, new PushSettings("127.0.0.1", port(BrokerConfig.MQTT_LISTENER), port("tls"),
                port("ws"), port("wss"), credentialTtl, PushSettings.DEFAULT_EXPIRY));
        var api = platform.startRest(RestSettings.http("127.0.0.1", 0), broker,
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        rest = new RestClient(api.httpPort().orElseThrow());
    }

    int port(String listener) {
        return broker.address(listener).orElseThrow().getPort();
    }

    /** Creates a user and logs it in; its access token. */
    String user(String username) {
        String userId = rest.post("/api/users", ADMIN, new JsonObject().put("username", username)
                .put("password", "secret-password")).json().getString("userID");
        String token = rest.post("/api/oauth2/token", null, new JsonObject().put("username", username)
                .put("password", "secret-password")).json().getString("access_token");
        users.put(token, userId);
        return token;
    }

    final java.util.Map<String, String> users = new java.util.concurrent.ConcurrentHashMap<>();

    String userId(String token) {
        return users.get(token);
    }

    /** Installs the user of {@code token}; the installation id. */
    String install(String token, boolean development) {
        return rest.post("/api/installations", token, new JsonObject().put("deviceType", "MQTT")
                .put("development", development)).json().getString("installationID");
    }

    /** The endpoint, once provisioned. */
    JsonObject endpoint(String token, String installationId) {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> rest.get("/api/installations/" + installationId + "/mqtt-endpoint", token).status() != 503);
        RestClient.Response r = rest.get("/api/installations/" + installationId + "/mqtt-endpoint", token);
        if (r.status() != 200) {
            throw new IllegalStateException("endpoint: " + r.status() + " " + r.body());
        }
        return r.json();
    }

    @Override
    public void close() {
        platform.close();
        broker.close();
    }

    /** A clock the tests move forward; starts at the real time. Thread-safe. */
    static final class MovableClock extends Clock {
        private volatile Duration offset = Duration.ZERO;

        void advance(Duration d) {
            offset = offset.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.now().plus(offset);
        }
    }

    /** The broker gateway, with pinning held back while {@link #hold} is set. Thread-safe. */
    static final class HeldGateway implements PushGateway {
        private final PushGateway real;
        private volatile CompletableFuture<Void> held;

        HeldGateway(PushGateway real) {
            this.real = real;
        }

        void hold() {
            held = new CompletableFuture<>();
        }

        void release() {
            CompletableFuture<Void> h = held;
            held = null;
            if (h != null) {
                h.complete(null);
            }
        }

        @Override
        public CompletionStage<Void> pin(String mqttTopic) {
            CompletableFuture<Void> h = held;
            return h == null ? real.pin(mqttTopic) : h.thenCompose(v -> real.pin(mqttTopic));
        }

        @Override
        public CompletionStage<Boolean> unpin(String mqttTopic, String reason) {
            return real.unpin(mqttTopic, reason);
        }

        @Override
        public Fanout fanout(List<String> mqttTopics, byte[] payload, long expirySeconds, String trackingId) {
            return real.fanout(mqttTopics, payload, expirySeconds, trackingId);
        }

        @Override
        public void track(String trackingId, DeliveryTracker tracker) {
            real.track(trackingId, tracker);
        }

        @Override
        public void stopTracking(String trackingId) {
            real.stopTracking(trackingId);
        }
    }
}
