package io.herald.platform.http;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.herald.broker.listener.ListenerSpec;
import io.herald.platform.device.DeviceSettings;
import io.herald.testkit.TestPki;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seed 004's browser device: MQTT.js over WSS in headless Chromium (Debian's, driven by playwright-core),
 * logging in with Huawei's scheme computed in the page, reports the demo's properties and answers a
 * synchronous command that a REST call waits for. The page is {@code src/test/browser}; MQTT.js, the
 * runner {@code browser-echo.js} and playwright-core are the testkit's ({@code testkit/src/test/node},
 * installed by its {@code npm ci} before the integration tests).
 */
@Timeout(120)
class BrowserThingIT {

    private static final Duration WAIT = Duration.ofSeconds(45);
    private static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("HERALD_CHROMIUM", "/usr/bin/chromium"));
    /** The testkit's Node packages and runner {@code browser-echo.js} (page console lines; exits 0 after DONE). */
    private static final Path NODE = LineProcess.NODE_MODULES.getParent();
    private static final Path PAGE = Path.of("src", "test", "browser").toAbsolutePath();

    @TempDir
    Path dir;

    @Test
    void huaweiThingInChromium_overWss_reportsProperties_andAnswersASyncCommand() throws Exception {
        if (!Files.isExecutable(CHROMIUM) || !Files.isDirectory(NODE.resolve("node_modules"))) {
            throw new IllegalStateException(CHROMIUM + " or " + NODE.resolve("node_modules") + " is missing: apt-get"
                    + " install -y chromium, and mvn verify with -am (the testkit's npm ci) or npm ci in " + NODE);
        }
        TestPki pki = TestPki.create(dir.resolve("pki"), "browser-thing");
        String id = "browser-" + System.nanoTime();
        try (DeviceFixture f = new DeviceFixture(dir, DeviceSettings.defaults(),
                c -> c.listener(new ListenerSpec("wss", ListenerSpec.Kind.WSS, null, 0)).tls(pki.serverSettings()));
                Pages pages = new Pages(Map.of("/thing.html", PAGE.resolve("thing.html"),
                        "/huawei-thing.js", PAGE.resolve("huawei-thing.js"),
                        "/mqtt.min.js", NODE.resolve("node_modules/mqtt/dist/mqtt.min.js")))) {
            f.thing(id, "secret-of-" + id);
            String page = pages.url("/thing.html") + "?url=" + encode("wss://127.0.0.1:" + f.broker.port("wss") + "/mqtt")
                    + "&deviceId=" + encode(id) + "&secret=" + encode("secret-of-" + id);
            try (LineProcess browser = LineProcess.start(List.of("node", "browser-echo.js", page, spki(pki)), NODE)) {
                browser.awaitLine("READY"::equals, WAIT);
                await().atMost(WAIT).until(() -> f.rest.get("/api/things/" + id, DeviceFixture.ADMIN).json()
                        .getBoolean("online"));
                JsonObject smoke = f.rest.get("/api/things/" + id + "/properties", DeviceFixture.ADMIN).json()
                        .getJsonArray("services").getJsonObject(0);
                assertThat(smoke.getString("service_id")).isEqualTo("smokeDetector");
                assertThat(smoke.getJsonObject("properties").getJsonObject("temperature").getDouble("value"))
                        .isEqualTo(12.670784);

                RestClient.Response r = f.rest.post("/api/things/" + id + "/commands", DeviceFixture.ADMIN, new JsonObject()
                        .put("service_id", "smokeDetector").put("command_name", "SILENCE")
                        .put("paras", new JsonObject().put("value", 1)).put("timeout", 30));

                assertThat(r.status()).as(r.body()).isEqualTo(200);
                assertThat(r.json().getJsonObject("response")).isEqualTo(new JsonObject().put("result_code", 0)
                        .put("response_name", "COMMAND_RESPONSE").put("paras", new JsonObject().put("result", "silenced 1")));
                browser.awaitLine("COMMAND smokeDetector SILENCE {\"value\":1}"::equals, WAIT);
                assertThat(browser.exitCode(WAIT)).as("runner exit code; output " + browser.lines()).isZero();
                await().atMost(WAIT).until(() -> !f.rest.get("/api/things/" + id, DeviceFixture.ADMIN).json()
                        .getBoolean("online"));
            }
        }
    }

    /** The base64 SHA-256 of the broker certificate's public key, as Chromium's SPKI allow list wants it. */
    private static String spki(TestPki pki) throws Exception {
        byte[] key = pki.serverCertificate().certificate().getPublicKey().getEncoded();
        return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(key));
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, UTF_8);
    }

    /** The page's files on a loopback HTTP server (a secure context, so the page has Web Crypto). */
    private static final class Pages implements AutoCloseable {

        private final HttpServer server;

        Pages(Map<String, Path> files) throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", exchange -> serve(exchange, files.get(exchange.getRequestURI().getPath())));
            server.start();
        }

        String url(String path) {
            return "http://127.0.0.1:" + server.getAddress().getPort() + path;
        }

        private static void serve(HttpExchange exchange, Path file) throws IOException {
            try (exchange) {
                if (file == null) {
                    exchange.sendResponseHeaders(404, -1);
                    return;
                }
                byte[] body = Files.readAllBytes(file);
                exchange.getResponseHeaders().set("Content-Type", file.toString().endsWith(".html")
                        ? "text/html; charset=utf-8" : "text/javascript; charset=utf-8");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
