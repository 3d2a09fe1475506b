package io.herald.server.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code herald push} and {@code herald install endpoint} against a stand-in REST API (the JDK's HTTP server
 * on 127.0.0.1, answering what each test queues): the request bodies they build, their output and exit
 * codes. Threads: the server's thread answers; the test thread runs the command.
 */
@Timeout(30)
class PushCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A request as the stand-in received it. */
    record Request(String method, String path, String body) {}

    /** An answer to give: status and body. */
    record Answer(int status, String body) {}

    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Deque<Answer> answers = new ArrayDeque<>();
    private HttpServer server;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                    new String(exchange.getRequestBody().readAllBytes(), UTF_8)));
            Answer a;
            synchronized (answers) {
                a = answers.size() > 1 ? answers.poll() : answers.peek();
            }
            byte[] body = a.body().getBytes(UTF_8);
            exchange.getResponseHeaders().add("Content-Type", a.status() < 300 ? "application/json" : "application/problem+json");
            exchange.sendResponseHeaders(a.status(), body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void answer(int status, String body) {
        synchronized (answers) {
            answers.add(new Answer(status, body));
        }
    }

    private Cli herald(String... args) {
        String[] all = new String[args.length + 4];
        System.arraycopy(args, 0, all, 0, args.length);
        System.arraycopy(new String[] {"--url", "http://127.0.0.1:" + server.getAddress().getPort(), "--token", "t0k"}, 0,
                all, args.length, 4);
        return Cli.run(all);
    }

    @Test
    void pushUsers_buildsKiisBody_onePushPerTarget_progressOnStderr() throws Exception {
        answer(201, "{\"pushMessageID\":\"p1\",\"matched\":1,\"queued\":0}");
        answer(201, "{\"pushMessageID\":\"p2\",\"matched\":0,\"queued\":0}");

        Cli c = herald("push", "user", "u1", "u 2", "-d", "title=Build finished", "-d", "n=3", "-d", "ok=true", "-d",
                "version=1.2.3", "--data-json", "{\"category\":\"ci\"}", "--expiry", "2m", "--no-development");

        assertThat(c.exit).as(c.err.toString()).isZero();
        assertThat(requests).extracting(Request::path).containsExactly("/api/users/u1/push/messages",
                "/api/users/u%202/push/messages");
        assertThat(JSON.readTree(requests.get(0).body())).isEqualTo(JSON.readTree("{\"data\":{\"category\":\"ci\","
                + "\"title\":\"Build finished\",\"n\":3,\"ok\":true,\"version\":\"1.2.3\"},\"mqtt\":{\"enabled\":true},"
                + "\"sendToDevelopment\":false,\"sendToProduction\":true,\"expiry\":120}"));
        assertThat(c.lines()).containsExactly("TARGET  PUSH ID  MATCHED  QUEUED", "u1      p1       1        0",
                "u 2     p2       0        0");
        assertThat(c.err.toString()).contains("herald: pushed 2/2");
    }

    @Test
    void pushTopic_wait_notDeliveredInTime_exit3WithTheCounts() throws Exception {
        answer(201, "{\"pushMessageID\":\"p9\",\"matched\":2,\"queued\":1}");
        answer(200, "{\"pushMessageID\":\"p9\",\"matched\":2,\"queued\":1,\"delivered\":1,\"acknowledged\":1,"
                + "\"expired\":0,\"dropped\":0}");

        Cli c = herald("push", "topic", "news", "-d", "title=Hi", "--wait", "1", "--json");

        assertThat(c.exit).isEqualTo(ExitCodes.TIMEOUT);
        assertThat(requests.get(0).path()).isEqualTo("/api/topics/news/push/messages");
        assertThat(requests.getLast().path()).isEqualTo("/api/push/messages/p9");
        JsonNode printed = JSON.readTree(c.out.toString());
        assertThat(printed.path("delivered").asInt()).as("one object for one target").isEqualTo(1);
        assertThat(c.err.toString().strip()).isEqualTo("herald: not every matched installation got the push within 1 s");
    }

    @Test
    void pushThing_unknown_exit4_nestedData_usage() {
        answer(404, "{\"errorCode\":\"THING_NOT_FOUND\",\"detail\":\"no thing 'x'\",\"status\":404}");
        Cli missing = herald("push", "thing", "x", "-d", "a=1");
        assertThat(missing.exit).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(missing.err.toString().strip()).isEqualTo("herald: not found: THING_NOT_FOUND: no thing 'x'");
        assertThat(herald("push", "user", "u1", "--data-json", "[1]").exit).isEqualTo(ExitCodes.USAGE);
        assertThat(herald("push", "user").exit).as("no target").isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void installEndpoint_waitsWhileProvisioned_thenPrintsTheEndpoint() {
        answer(503, "{\"errorCode\":\"MQTT_ENDPOINT_NOT_READY\",\"detail\":\"being provisioned\",\"status\":503}");
        answer(200, "{\"installationID\":\"ab12\",\"username\":\"u\",\"password\":\"pw\",\"mqttTopic\":\"t0p\","
                + "\"host\":\"127.0.0.1\",\"portTCP\":1883,\"portSSL\":8883,\"portWS\":0,\"portWSS\":8084,\"ttl\":3600}");

        Cli c = herald("install", "endpoint", "ab12");

        assertThat(c.exit).as(c.err.toString()).isZero();
        assertThat(requests).hasSize(2).extracting(Request::path).containsOnly("/api/installations/ab12/mqtt-endpoint");
        assertThat(c.lines()).contains("HOST          127.0.0.1", "PORTS         tcp 1883, tls 8883, ws 0, wss 8084 (0: not offered)",
                "CLIENT ID     t0p", "PASSWORD      pw", "TTL           3600 s");
    }

    @Test
    void installUser_postsTheOwner_showsTheInstallation() throws Exception {
        answer(201, "{\"installationID\":\"ab12\",\"installationRegistrationID\":\"cd34\"}");

        Cli c = herald("install", "user", "4f1c", "--development");

        assertThat(c.exit).as(c.err.toString()).isZero();
        assertThat(JSON.readTree(requests.get(0).body())).isEqualTo(JSON.readTree(
                "{\"deviceType\":\"MQTT\",\"development\":true,\"userID\":\"4f1c\"}"));
        assertThat(c.lines()).containsExactly("INSTALLATION  ab12", "REGISTRATION  cd34", "OWNER         user 4f1c",
                "ENVIRONMENT   development");
    }
}
