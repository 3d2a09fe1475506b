package io.herald.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code herald serve} with push, as a process: the endpoint advertises {@code --public-host} and the
 * {@code --public-*-port}s (the bound ports where none is given); a push queued before the device ever
 * connected reaches {@code mosquitto_sub} started with exactly the endpoint's values; installations and
 * their queued pushes survive a {@code kill -9} of the server (RocksDB store, sessions pinned again at start).
 */
@Timeout(120)
class ServePushIT {

    private static final String ADMIN = "push-admin-token-0123456789";
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void endpoint_advertisesPublicHostAndPorts_andMosquittoSubGetsAPushQueuedBeforeItFirstConnected(@TempDir Path work)
            throws Exception {
        int rest = ServerProcess.freePort();
        int mqtt = ServerProcess.freePort();
        try (ServerProcess p = ServerProcess.start(work, List.of("serve", "--storage", "memory", "--mqtt-port",
                String.valueOf(mqtt), "--http-port", String.valueOf(rest), "--admin-token", ADMIN,
                "--public-host", "localhost", "--public-mqtts-port", "18883", "--public-ws-port", "443"))
                .awaitReady()) {
            Device d = device(rest, "alice");

            assertThat(d.endpoint.get("host").asText()).isEqualTo("localhost");
            assertThat(d.endpoint.get("portTCP").asInt()).as("the bound port: no --public-mqtt-port").isEqualTo(mqtt);
            assertThat(d.endpoint.get("portSSL").asInt()).isEqualTo(18883);
            assertThat(d.endpoint.get("portWS").asInt()).isEqualTo(443);
            assertThat(d.endpoint.get("portWSS").asInt()).as("the WSS listener is off").isZero();

            assertThat(push(rest, d.userId, "before-connect").get("queued").asInt()).isEqualTo(1);
            assertThat(receiveOne(d)).isEqualTo("before-connect");
        }
    }

    @Test
    void installationAndItsQueuedPush_surviveKill9(@TempDir Path work) throws Exception {
        int rest = ServerProcess.freePort();
        int mqtt = ServerProcess.freePort();
        List<String> args = List.of("serve", "--mqtt-port", String.valueOf(mqtt), "--http-port", String.valueOf(rest),
                "--admin-token", ADMIN);
        Device d;
        try (ServerProcess p = ServerProcess.start(work, args).awaitReady()) {
            d = device(rest, "bob");
            assertThat(push(rest, d.userId, "while-down").get("queued").asInt()).isEqualTo(1);
            p.kill();
        }
        try (ServerProcess p = ServerProcess.start(work, args).awaitReady()) {
            JsonNode again = endpoint(rest, d.token, d.endpoint.get("installationID").asText());
            assertThat(again.get("mqttTopic").asText()).isEqualTo(d.endpoint.get("mqttTopic").asText());
            assertThat(receiveOne(new Device(d.token, d.userId, again))).isEqualTo("while-down");
        }
    }

    private record Device(String token, String userId, JsonNode endpoint) {}

    /** A user, logged in, installed, with its endpoint once provisioned. */
    private Device device(int rest, String name) throws Exception {
        String userId = call(rest, "POST", "/api/users", ADMIN, JSON.createObjectNode().put("username", name)
                .put("password", "secret-password"), 201).get("userID").asText();
        String token = call(rest, "POST", "/api/oauth2/token", null, JSON.createObjectNode().put("username", name)
                .put("password", "secret-password"), 200).get("access_token").asText();
        String installationId = call(rest, "POST", "/api/installations", token, JSON.createObjectNode()
                .put("deviceType", "MQTT").put("development", false), 201).get("installationID").asText();
        return new Device(token, userId, endpoint(rest, token, installationId));
    }

    /** The endpoint once provisioned (503 MQTT_ENDPOINT_NOT_READY until then). */
    private JsonNode endpoint(int rest, String token, String installationId) throws Exception {
        String path = "/api/installations/" + installationId + "/mqtt-endpoint";
        Awaitility.await().atMost(WAIT).until(() -> send(rest, "GET", path, token, null).statusCode() != 503);
        return call(rest, "GET", path, token, null, 200);
    }

    private JsonNode push(int rest, String userId, String text) throws Exception {
        ObjectNode body = JSON.createObjectNode();
        body.putObject("data").put("text", text);
        body.putObject("mqtt").put("enabled", true);
        return call(rest, "POST", "/api/users/" + userId + "/push/messages", ADMIN, body, 201);
    }

    /** mosquitto_sub with exactly the endpoint's host, port, client id, user name, password and topic. */
    private static String receiveOne(Device d) throws IOException, InterruptedException {
        JsonNode e = d.endpoint;
        String topic = e.get("mqttTopic").asText();
        Process sub = new ProcessBuilder("mosquitto_sub", "-h", e.get("host").asText(), "-p", e.get("portTCP").asText(),
                "-i", topic, "-u", e.get("username").asText(), "-P", e.get("password").asText(), "-t", topic,
                "-q", "1", "-C", "1", "-W", "15").start();
        List<String> out = ServerProcess.collect(sub.getInputStream(), "mosquitto_sub");
        List<String> err = ServerProcess.collect(sub.getErrorStream(), "mosquitto_sub-err");
        try {
            assertThat(sub.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            Awaitility.await().atMost(Duration.ofSeconds(2)).until(() -> !out.isEmpty() || !err.isEmpty());
            assertThat(sub.exitValue()).as("mosquitto_sub: " + out + " " + err).isZero();
            JsonNode message = JSON.readTree(new ArrayList<>(out).getFirst());
            assertThat(message.get("origin").asText()).isEqualTo("EXPLICIT");
            return message.get("text").asText();
        } finally {
            sub.destroyForcibly();
        }
    }

    private JsonNode call(int rest, String method, String path, String token, JsonNode body, int expected)
            throws Exception {
        HttpResponse<String> r = send(rest, method, path, token, body);
        assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isEqualTo(expected);
        return JSON.readTree(r.body());
    }

    private HttpResponse<String> send(int rest, String method, String path, String token, JsonNode body)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + rest + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
