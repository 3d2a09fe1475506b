package io.herald.bench.devices;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The platform's REST API as the load uses it, as the admin: things, commands (asynchronous), property
 * history and latest values, and the Prometheus metrics. HTTP/1.1 keep-alive over the JDK's client.
 *
 * <p>Threads: any thread may call; answers of {@link #command} complete on the client's two executor
 * threads ({@code device-load-http}). {@link #close} once, at the end.
 */
final class PlatformRest implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String base;
    private final String token;
    private final ExecutorService executor = Executors.newFixedThreadPool(2,
            Thread.ofPlatform().name("device-load-http-", 0).daemon().factory());
    private final HttpClient http;

    PlatformRest(String host, int port, String token) {
        this.base = "http://" + host + ":" + port;
        this.token = token;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(executor)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** Registers a thing with the given secret. */
    void createThing(Thing t) throws IOException, InterruptedException {
        String body = JSON.createObjectNode().put("thingID", t.id()).put("secret", t.secret()).toString();
        HttpResponse<String> r = http.send(request("/api/things", Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 201) {
            throw new IOException("creating thing " + t.id() + ": " + r.statusCode() + " " + r.body());
        }
    }

    /** Sends a synchronous command; the answer's status and body, or the failure. Never blocks. */
    CompletableFuture<HttpResponse<String>> command(String thingId, String body, Duration timeout) {
        return http.sendAsync(request("/api/things/" + thingId + "/commands", timeout)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A GET answered 200, parsed. */
    JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(request(path, Duration.ofSeconds(60)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("GET " + path + ": " + r.statusCode() + " " + r.body());
        }
        return JSON.readTree(r.body());
    }

    /** The Prometheus exposition of {@code GET /metrics}. */
    String metrics() throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(request("/metrics", Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("GET /metrics: " + r.statusCode());
        }
        return r.body();
    }

    private HttpRequest.Builder request(String path, Duration timeout) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout)
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json");
    }

    @Override
    public void close() {
        http.shutdownNow();
        executor.shutdownNow();
    }
}
