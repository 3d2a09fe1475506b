package io.herald.platform.http;

import io.herald.broker.BrokerConfig;
import io.herald.broker.auth.AuthResult;
import io.herald.broker.auth.Authenticator;
import io.herald.platform.Platform;
import io.herald.platform.auth.HuaweiLogin;
import io.herald.platform.auth.PlatformAuthenticator;
import io.herald.platform.catalog.CatalogSettings;
import io.herald.platform.device.DeviceSettings;
import io.herald.platform.identity.CredentialListener;
import io.herald.testkit.EmbeddedHerald;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/** A broker authenticating with the platform, the platform's REST API and device side, and simulated things. */
final class DeviceFixture implements AutoCloseable {

    static final String ADMIN = "admin-token-for-device-tests-0123";

    final EmbeddedHerald broker;
    final Platform platform;
    final RestClient rest;
    final int httpPort;
    final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    DeviceFixture(Path dir, DeviceSettings devices) throws Exception {
        this(dir, devices, c -> c);
    }

    /** With {@code listeners} adding to the broker's configuration (a WSS listener, say). */
    DeviceFixture(Path dir, DeviceSettings devices, UnaryOperator<BrokerConfig.Builder> listeners) throws Exception {
        platform = Platform.open(new Platform.Settings(CatalogSettings.sqlite(dir.resolve("catalog.db")),
                dir.resolve("platform.key"), ADMIN, Duration.ofMinutes(10), Duration.ofHours(1), devices),
                Clock.systemUTC());
        Authenticator refuseTheRest = info -> CompletableFuture.completedFuture(
                AuthResult.refuse(AuthResult.Refusal.NOT_AUTHORIZED, "no platform credential"));
        broker = EmbeddedHerald.create(listeners).authenticator(new PlatformAuthenticator(platform.credentials(), refuseTheRest, registry));
        broker.start();
        var api = platform.startRest(RestSettings.http("127.0.0.1", 0), broker.broker(), CredentialListener.NONE, registry);
        httpPort = api.httpPort().orElseThrow();
        rest = new RestClient(httpPort);
    }

    /** Registers a thing over REST with the given secret. */
    void thing(String id, String secret) {
        RestClient.Response r = rest.post("/api/things", ADMIN, new JsonObject().put("thingID", id).put("secret", secret));
        if (r.status() != 201) {
            throw new IllegalStateException("thing " + id + ": " + r.status() + " " + r.body());
        }
    }

    /** Connects an MQTT 3.1.1 thing with Huawei's scheme (client id, HMAC-SHA256 password), as IoTDA's SDK does. */
    MqttClient huaweiThing(String id, String secret) throws Exception {
        String timestamp = HuaweiLogin.timestampOf(Instant.now());
        String clientId = id + "_0_0_" + timestamp;
        MqttClient c = new MqttClient(broker.tcpUri(), clientId, new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setUserName(id);
        o.setPassword(HuaweiLogin.signature(secret, timestamp).toCharArray());
        o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        c.connect(o);
        return c;
    }

    /** Property values in writes the catalog refused (each failed attempt counts). */
    double failedWrites() {
        var c = registry.find("herald.device.property.values.failed").counter();
        return c == null ? 0 : c.count();
    }

    double refused(String kind, String reason) {
        var c = registry.find("herald.device.refused").tag("kind", kind).tag("reason", reason).counter();
        return c == null ? 0 : c.count();
    }

    @Override
    public void close() {
        platform.close();
        broker.stop();
    }
}
