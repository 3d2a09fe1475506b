package io.herald.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.herald.client.ClientListener;
import io.herald.client.HeraldPlatform;
import io.herald.client.Installation;
import io.herald.client.MqttClientException;
import io.herald.client.MqttEndpoint;
import io.herald.client.PlatformException;
import io.herald.client.PushConnection;
import io.herald.client.ReceivedMessage;
import io.herald.client.TlsConfig;
import io.herald.client.Transport;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SDK's platform calls ({@link HeraldPlatform}, {@link PushConnection}) against {@code herald serve}
 * as a process: seed 000's flow from the device's side, credentials renewed when they expire.
 */
@Timeout(120)
class PlatformSdkIT {

    private static final String ADMIN = "sdk-admin-token-0123456789abcdef";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void device_logsIn_installs_connectsForPush_receivesDirectPush_thenUninstalls(@TempDir Path work) throws Exception {
        try (Server server = start(work, List.of())) {
            String base = "http://127.0.0.1:" + server.httpPort;
            String userID = createUser(base, "alice", "correct horse battery");

            HeraldPlatform platform = HeraldPlatform.builder(base).build();
            assertThat(platform.login("alice", "correct horse battery").get(10, TimeUnit.SECONDS)).isNotBlank();
            Installation first = platform.installMqtt(true).get(10, TimeUnit.SECONDS);
            assertThat(first.created()).isTrue();
            Installation again = platform.installMqtt(true).get(10, TimeUnit.SECONDS);
            assertThat(again.created()).isFalse();
            assertThat(again.installationID()).isEqualTo(first.installationID());

            MqttEndpoint endpoint = platform.getMqttEndpoint(first.installationID()).get(20, TimeUnit.SECONDS);
            assertThat(endpoint.host()).isEqualTo("127.0.0.1");
            assertThat(endpoint.portTCP()).isEqualTo(server.mqttPort);
            assertThat(endpoint.url(Transport.TCP)).isEqualTo("mqtt://127.0.0.1:" + server.mqttPort);

            Inbox inbox = new Inbox();
            try (PushConnection push = platform.connectForPush(true, Transport.TCP, TlsConfig.DEFAULT, inbox)
                    .get(30, TimeUnit.SECONDS)) {
                assertThat(push.client().config().clientId()).isEqualTo(endpoint.mqttTopic());
                admin(base, "POST", "/api/users/" + userID + "/push/messages",
                        "{\"data\":{\"title\":\"hello\"},\"mqtt\":{\"enabled\":true}}");
                JsonNode message = inbox.next();
                assertThat(message.path("title").asText()).isEqualTo("hello");
                assertThat(message.path("origin").asText()).isEqualTo("EXPLICIT");

                platform.uninstall("MQTT", first.installationRegistrationID()).get(10, TimeUnit.SECONDS);
                await().atMost(Duration.ofSeconds(5)).until(() -> push.client().state() != io.herald.client.ClientState.CONNECTED);
            }
            assertThatThrownBy(() -> platform.getMqttEndpoint(first.installationID()).join())
                    .isInstanceOf(CompletionException.class).cause().isInstanceOf(PlatformException.class)
                    .satisfies(e -> {
                        PlatformException p = (PlatformException) e;
                        assertThat(p.status()).isEqualTo(404);
                        assertThat(p.errorCode()).isEqualTo("INSTALLATION_NOT_FOUND");
                    });
        }
    }

    @Test
    void expiringCredentials_areRenewed_andPushesKeepArriving(@TempDir Path work) throws Exception {
        try (Server server = start(work, List.of("--push-credential-ttl", "3"))) {
            String base = "http://127.0.0.1:" + server.httpPort;
            String userID = createUser(base, "bob", "another long password");
            HeraldPlatform platform = HeraldPlatform.builder(base).build();
            platform.login("bob", "another long password").get(10, TimeUnit.SECONDS);
            Inbox inbox = new Inbox();
            try (PushConnection push = platform.connectForPush(false, Transport.TCP, TlsConfig.DEFAULT, inbox)
                    .get(30, TimeUnit.SECONDS)) {
                MqttEndpoint first = push.endpoint();
                assertThat(first.ttl()).isEqualTo(Duration.ofSeconds(3));
                await().atMost(Duration.ofSeconds(15)).until(() -> !push.endpoint().password().equals(first.password()));
                await().atMost(Duration.ofSeconds(10)).until(() -> push.client().state() == io.herald.client.ClientState.CONNECTED);
                admin(base, "POST", "/api/users/" + userID + "/push/messages",
                        "{\"data\":{\"title\":\"after renewal\"},\"mqtt\":{\"enabled\":true}}");
                assertThat(inbox.next().path("title").asText()).isEqualTo("after renewal");
            }
        }
    }

    /** A running server and the ports it was given. */
    private record Server(ServerProcess process, int mqttPort, int httpPort) implements AutoCloseable {
        @Override
        public void close() throws InterruptedException {
            process.close();
        }
    }

    private Server start(Path work, List<String> extra) throws Exception {
        int mqtt = ServerProcess.freePort();
        int httpPort = ServerProcess.freePort();
        List<String> args = new java.util.ArrayList<>(List.of("serve", "--storage", "memory", "--mqtt-port",
                String.valueOf(mqtt), "--tls-port", "0", "--ws-port", "0", "--wss-port", "0", "--https-port", "0",
                "--http-port", String.valueOf(httpPort), "--admin-token", ADMIN));
        args.addAll(extra);
        return new Server(ServerProcess.start(work, args).awaitReady(), mqtt, httpPort);
    }

    private String createUser(String base, String name, String password) throws Exception {
        JsonNode user = admin(base, "POST", "/api/users",
                JSON.writeValueAsString(java.util.Map.of("username", name, "password", password)));
        return user.path("userID").asText();
    }

    private JsonNode admin(String base, String method, String path, String body) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", "Bearer " + ADMIN).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isBetween(200, 299);
        return JSON.readTree(r.body());
    }

    /** Collects pushed messages as JSON. */
    private static final class Inbox implements ClientListener {
        private final BlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();

        @Override
        public void message(ReceivedMessage message) {
            try {
                messages.add(JSON.readTree(new String(message.payload(), StandardCharsets.UTF_8)));
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void error(MqttClientException error) {
            System.err.println("push connection: " + error.getMessage());
        }

        JsonNode next() throws InterruptedException {
            JsonNode m = messages.poll(10, TimeUnit.SECONDS);
            assertThat(m).as("a push within 10 s").isNotNull();
            return m;
        }
    }
}
