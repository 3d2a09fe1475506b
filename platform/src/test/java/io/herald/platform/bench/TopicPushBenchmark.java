package io.herald.platform.bench;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3Client;
import io.herald.broker.Broker;
import io.herald.broker.BrokerConfig;
import io.herald.broker.auth.AuthResult;
import io.herald.broker.auth.Authenticator;
import io.herald.broker.auth.Authorizer;
import io.herald.broker.store.memory.MemoryStore;
import io.herald.platform.Platform;
import io.herald.platform.catalog.CatalogSettings;
import io.herald.platform.http.RestSettings;
import io.herald.platform.push.BrokerPushGateway;
import io.herald.platform.push.PushSettings;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * Not a test: a topic push to N connected installations, timed until the last one has it. Two processes,
 * because one process may hold only 20,000 open files here:
 * {@code TopicPushBenchmark server DIR} runs a broker (memory store) and the platform with push (SQLite in
 * DIR) and prints its ports and admin token; {@code TopicPushBenchmark clients REST_PORT ADMIN N PUSHES}
 * makes N things, installs each, fetches N endpoints, subscribes every thing to the push topic
 * {@code bench}, connects N MQTT 3.1.1 clients (HiveMQ client) with exactly the endpoints' values, then
 * sends PUSHES topic pushes one after the other, each timed from the POST until the N-th client has it.
 */
public final class TopicPushBenchmark {

    private static final String ADMIN = "bench-admin-token-0123456789abcdef";

    private TopicPushBenchmark() {}

    public static void main(String[] args) throws Exception {
        if (args[0].equals("server")) {
            server(Path.of(args[1]));
        } else {
            clients(Integer.parseInt(args[1]), args[2], Integer.parseInt(args[3]), Integer.parseInt(args[4]));
        }
    }

    private static void server(Path dir) throws Exception {
        Files.createDirectories(dir);
        Clock clock = Clock.systemUTC();
        Platform platform = Platform.open(new Platform.Settings(CatalogSettings.sqlite(dir.resolve("catalog.db")),
                dir.resolve("platform.key"), ADMIN, Duration.ofMinutes(10), Duration.ofHours(1)), clock);
        Authenticator nobodyElse = info -> CompletableFuture.completedFuture(
                AuthResult.refuse(AuthResult.Refusal.NOT_AUTHORIZED, "not an installation"));
        Broker broker = Broker.start(BrokerConfig.builder().bind("127.0.0.1").mqttPort(0).build(), new MemoryStore(),
                platform.push().authenticator(nobodyElse), Authorizer.allowAll(),
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), clock);
        int mqtt = broker.mqttAddress().orElseThrow().getPort();
        platform.startPush(new BrokerPushGateway(broker), PushSettings.of("127.0.0.1", mqtt));
        var rest = platform.startRest(RestSettings.http("127.0.0.1", 0), broker,
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        System.out.println("rest " + rest.httpPort().orElseThrow() + " mqtt " + mqtt + " admin " + ADMIN);
        Thread.currentThread().join();
    }

    private static void clients(int restPort, String admin, int n, int pushes) throws Exception {
        Rest rest = new Rest(restPort, admin);
        long t = System.nanoTime();
        rest.call("PUT", "/api/topics/bench", null);
        rest.all(n, i -> rest.call("POST", "/api/things", new JsonObject().put("thingID", "bench-" + i)));
        List<JsonObject> installs = rest.all(n, i -> rest.call("POST", "/api/installations",
                new JsonObject().put("deviceType", "MQTT").put("thingID", "bench-" + i)));
        rest.all(n, i -> rest.call("PUT", "/api/topics/bench/push/subscriptions/things/bench-" + i, null));
        List<JsonObject> endpoints = rest.all(n, i -> rest.call("GET", "/api/installations/"
                + installs.get(i).getString("installationID") + "/mqtt-endpoint", null));
        System.out.printf("%d things installed, subscribed and given endpoints in %.1f s%n", n, (System.nanoTime() - t) / 1e9);

        AtomicInteger received = new AtomicInteger();
        AtomicLong lastAt = new AtomicLong();
        Semaphore window = new Semaphore(200);
        List<CompletableFuture<?>> connects = new ArrayList<>(n);
        t = System.nanoTime();
        for (JsonObject e : endpoints) {
            window.acquire();
            Mqtt3AsyncClient c = Mqtt3Client.builder().identifier(e.getString("mqttTopic")).serverHost(e.getString("host"))
                    .serverPort(e.getInteger("portTCP")).buildAsync();
            c.publishes(MqttGlobalPublishFilter.ALL, p -> {
                received.incrementAndGet();
                lastAt.set(System.nanoTime());
            });
            connects.add(c.connectWith().keepAlive(600).simpleAuth().username(e.getString("username"))
                    .password(e.getString("password").getBytes(StandardCharsets.UTF_8)).applySimpleAuth().send()
                    .thenCompose(ack -> c.subscribeWith().topicFilter(e.getString("mqttTopic")).qos(MqttQos.AT_LEAST_ONCE).send())
                    .whenComplete((x, error) -> window.release()));
        }
        CompletableFuture.allOf(connects.toArray(CompletableFuture[]::new)).get(10, TimeUnit.MINUTES);
        System.out.printf("%d clients connected and subscribed in %.1f s%n", n, (System.nanoTime() - t) / 1e9);

        for (int k = 1; k <= pushes; k++) {
            int expected = n * k;
            long start = System.nanoTime();
            JsonObject answer = rest.call("POST", "/api/topics/bench/push/messages", new JsonObject()
                    .put("data", new JsonObject().put("round", k)).put("mqtt", new JsonObject().put("enabled", true)));
            long answered = System.nanoTime();
            long deadline = answered + TimeUnit.SECONDS.toNanos(60);
            while (received.get() < expected && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            System.out.printf("push %d: matched %d, REST answer after %.0f ms, %d/%d received, last one %.0f ms after the POST%n",
                    k, answer.getInteger("matched"), (answered - start) / 1e6, received.get() - n * (k - 1), n,
                    (lastAt.get() - start) / 1e6);
            Thread.sleep(2_000); // let the acknowledgements settle between rounds
            JsonObject status = rest.call("GET", "/api/push/messages/" + answer.getString("pushMessageID"), null);
            System.out.println("  status " + status.encode());
        }
        System.exit(0);
    }

    /** The REST API with the admin token, JDK HTTP client, at most 32 requests at once. */
    private record Rest(HttpClient http, String base, String admin, Semaphore window) {
        Rest(int port, String admin) {
            this(HttpClient.newHttpClient(), "http://127.0.0.1:" + port, admin, new Semaphore(32));
        }

        JsonObject call(String method, String path, JsonObject body) {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + admin)
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(body.encode()));
            if (body != null) {
                b.header("Content-Type", "application/json");
            }
            try {
                window.acquire();
                try {
                    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() >= 300) {
                        throw new IllegalStateException(method + " " + path + ": " + r.statusCode() + " " + r.body());
                    }
                    return r.body().isEmpty() ? new JsonObject() : new JsonObject(r.body());
                } finally {
                    window.release();
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        List<JsonObject> all(int n, IntFunction<JsonObject> call) throws Exception {
            List<CompletableFuture<JsonObject>> futures = new ArrayList<>(n);
            try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < n; i++) {
                    int index = i;
                    futures.add(CompletableFuture.supplyAsync(() -> call.apply(index), pool));
                }
                return futures.stream().map(CompletableFuture::join).toList();
            }
        }
    }
}
