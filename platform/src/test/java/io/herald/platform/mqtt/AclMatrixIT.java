package io.herald.platform.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.broker.auth.AclEntry;
import io.herald.broker.auth.Action;
import io.herald.broker.auth.AuthResult;
import io.herald.broker.auth.Authorizer;
import io.herald.broker.auth.Effect;
import io.herald.broker.auth.Permissions;
import io.herald.platform.Platform;
import io.herald.platform.auth.PlatformAuthenticator;
import io.herald.platform.catalog.CatalogSettings;
import io.herald.platform.http.RestSettings;
import io.herald.testkit.EmbeddedHerald;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every cell of: action (publish, subscribe) × the filter kind in a token's ACL (exact, {@code +},
 * {@code #}, {@code {clientId}}, a shared subscription checked on its inner filter) × whether the token
 * grants the action × whether the ACL file (the broker's {@link Authorizer}) denies the topic, checked
 * over MQTT 5 against the broker: SUBACK and PUBACK reason codes.
 */
@Timeout(120)
class AclMatrixIT {

    private static final String ADMIN = "admin-token-for-acl-matrix-0123";
    private static final String CLIENT_ID = "matrix-client";

    @TempDir
    static Path dir;

    static Platform platform;
    static EmbeddedHerald broker;
    static String api;
    static final HttpClient http = HttpClient.newHttpClient();
    static final AtomicInteger ids = new AtomicInteger();

    /** One row: the ACL filter the token has, the topic or filter the client uses, and the action. */
    record Cell(String kind, String aclFilter, String used, Action action, boolean granted, boolean fileDenies) {
        boolean expectedAllowed() {
            return granted && !fileDenies;
        }

        @Override
        public String toString() {
            return kind + " " + action + " " + used + (granted ? " granted" : " not granted")
                    + (fileDenies ? ", file denies" : "");
        }
    }

    static Stream<Arguments> cells() {
        List<Cell> cells = new ArrayList<>();
        String[][] kinds = {
            {"exact", "m/exact", "m/exact", "m/exact"},
            {"plus", "m/+/plus", "m/x/plus", "m/+/plus"},
            {"hash", "m/hash/#", "m/hash/a/b", "m/hash/#"},
            {"clientId", "m/{clientId}/own", "m/" + CLIENT_ID + "/own", "m/" + CLIENT_ID + "/own"},
            {"shared", "m/shared/+", "m/shared/x", "$share/g/m/shared/+"},
        };
        for (String[] k : kinds) {
            for (Action action : Action.values()) {
                String used = action == Action.PUBLISH ? k[2] : k[3];
                for (boolean granted : new boolean[] {true, false}) {
                    cells.add(new Cell(k[0], k[1], used, action, granted, false));
                }
                String denied = used.replaceFirst("^(\\$share/g/)?m/", "$1m/denied/");
                cells.add(new Cell(k[0] + "+file", "m/denied/#", denied, action, true, true));
            }
        }
        return cells.stream().map(Arguments::of);
    }

    @BeforeAll
    static void start() throws Exception {
        platform = Platform.open(new Platform.Settings(CatalogSettings.sqlite(dir.resolve("catalog.db")),
                null, ADMIN, Duration.ofMinutes(10), Duration.ofHours(1)), Clock.systemUTC());
        Permissions aclFile = Permissions.of(List.of(AclEntry.deny("m/denied/#", Action.PUBLISH, Action.SUBSCRIBE)),
                Effect.ALLOW);
        broker = EmbeddedHerald.create().authorizer(Authorizer.of(() -> aclFile))
                .authenticator(new PlatformAuthenticator(platform.credentials(), info -> CompletableFuture
                        .completedFuture(AuthResult.refuse(AuthResult.Refusal.NOT_AUTHORIZED, "platform only")),
                        new io.micrometer.core.instrument.simple.SimpleMeterRegistry()));
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

    /** A token whose ACL has {@code filter} with {@code action} when granted, else only the other action. */
    static String token(Cell cell) throws Exception {
        Action given = cell.granted() ? cell.action() : (cell.action() == Action.PUBLISH ? Action.SUBSCRIBE : Action.PUBLISH);
        JsonObject body = new JsonObject().put("acl", new JsonArray().add(new JsonObject().put("topic", cell.aclFilter())
                .put("actions", new JsonArray().add(given.name().toLowerCase(java.util.Locale.ROOT)))));
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(api + "/api/tokens"))
                .header("Authorization", "Bearer " + ADMIN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.encode())).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return new JsonObject(r.body()).getString("token");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cells")
    void cell(Cell cell) throws Exception {
        MqttClient c = new MqttClient("tcp://127.0.0.1:" + broker.mqttPort(), CLIENT_ID, new MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setUserName(token(cell));
        c.connect(o);
        try {
            int reason;
            if (cell.action() == Action.SUBSCRIBE) {
                IMqttToken t = c.subscribe(cell.used(), 1);
                reason = t.getReasonCodes()[0];
            } else {
                reason = publishReason(c, cell.used());
            }
            if (cell.expectedAllowed()) {
                assertThat(reason).as("reason code").isLessThan(0x80);
            } else {
                assertThat(reason).as("reason code").isEqualTo(0x87);
            }
        } finally {
            c.disconnect();
            c.close();
        }
    }

    private static int publishReason(MqttClient c, String topic) throws MqttException {
        try {
            IMqttToken t = c.getTopic(topic).publish(new MqttMessage(("m" + ids.incrementAndGet()).getBytes(), 1, false,
                    null));
            t.waitForCompletion(5_000);
            int[] codes = t.getReasonCodes();
            return codes == null || codes.length == 0 ? 0 : codes[0];
        } catch (MqttException e) {
            return e.getReasonCode();
        }
    }
}
