package io.herald.broker.listener;

import static io.herald.broker.spec.SpecClients.clientId;
import static io.herald.broker.spec.SpecClients.topic;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.herald.broker.listener.ListenerSpec.Kind;
import io.herald.testkit.EmbeddedHerald;
import io.herald.testkit.TestPki;
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
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A real browser: MQTT.js in headless Chromium (Debian's, driven by playwright-core) on a page served
 * from localhost connects over WSS, receives what a Java client publishes, and publishes an answer
 * the Java client receives. Chromium trusts only the broker's public key, not every certificate.
 */
@Timeout(120)
class BrowserWssIT {

    private static final Duration WAIT = Duration.ofSeconds(45);
    private static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("HERALD_CHROMIUM", "/usr/bin/chromium"));
    private static final TestPki pki = TestPki.create(Path.of("target", "pki", "browser"), "browser");

    @RegisterExtension
    static final EmbeddedHerald herald = EmbeddedHerald.create(c -> c
            .listener(new ListenerSpec("wss", Kind.WSS, null, 0))
            .tls(pki.serverSettings()));

    private HttpServer pages;

    @BeforeAll
    static void chromiumInstalled() {
        if (!Files.isExecutable(CHROMIUM)) {
            throw new IllegalStateException(CHROMIUM + " is missing: apt-get install -y chromium "
                    + "(./herald test installs it when run as root)");
        }
    }

    @BeforeEach
    void servePage() throws IOException {
        Map<String, Path> files = Map.of(
                "/echo.html", NodeScript.DIR.resolve("echo-page.html"),
                "/echo-client.js", NodeScript.DIR.resolve("echo-client.js"),
                "/mqtt.min.js", NodeScript.DIR.resolve("node_modules/mqtt/dist/mqtt.min.js"));
        pages = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        pages.createContext("/", exchange -> serve(exchange, files.get(exchange.getRequestURI().getPath())));
        pages.start();
    }

    @AfterEach
    void stopPages() {
        pages.stop(0);
    }

    @Test
    void mqttJsInChromium_overWss_receivesFromJava_andAnswers() throws Exception {
        String toBrowser = topic("to-browser");
        String fromBrowser = topic("from-browser");
        BlockingQueue<String> answers = new LinkedBlockingQueue<>();
        MqttClient java = new MqttClient(herald.tcpUri(), clientId("java"), new MemoryPersistence());
        java.connect();
        java.subscribe(fromBrowser, 1, (t, m) -> answers.add(new String(m.getPayload(), UTF_8)));
        String page = "http://127.0.0.1:" + pages.getAddress().getPort() + "/echo.html"
                + "?url=" + encode("wss://127.0.0.1:" + herald.port("wss") + "/mqtt")
                + "&subscribe=" + encode(toBrowser) + "&publish=" + encode(fromBrowser);
        try (NodeScript browser = NodeScript.start("browser-echo.js", page, spki())) {
            browser.awaitLine("READY", WAIT);

            java.publish(toBrowser, "hello browser".getBytes(UTF_8), 1, false);

            browser.awaitLine("RECEIVED hello browser", WAIT);
            assertThat(answers.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("echo:hello browser");
            assertThat(browser.exitCode(WAIT)).as("node exit code; output " + browser.lines()).isZero();
        } finally {
            java.disconnect();
            java.close();
        }
    }

    /** The base64 SHA-256 of the broker certificate's public key, as Chromium's SPKI allow list wants it. */
    private static String spki() throws Exception {
        byte[] key = pki.serverCertificate().certificate().getPublicKey().getEncoded();
        return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(key));
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, UTF_8);
    }

    private static void serve(HttpExchange exchange, Path file) throws IOException {
        try (exchange) {
            if (file == null) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            byte[] body = Files.readAllBytes(file);
            String name = file.getFileName().toString();
            exchange.getResponseHeaders().set("Content-Type",
                    name.endsWith(".html") ? "text/html; charset=utf-8" : "text/javascript; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
