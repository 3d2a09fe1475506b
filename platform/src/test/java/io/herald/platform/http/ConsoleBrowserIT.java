package io.herald.platform.http;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URLEncoder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The console in a real browser: headless Chromium (Debian's, driven by playwright-core through
 * {@code src/test/node/console-admin.js}) opens the console the REST listener serves on 127.0.0.1, signs
 * in with the admin token, kicks a Paho client's session, creates a token with the ACL editor and
 * revokes it, shows and clears a retained message, and screenshots every view it visits into
 * {@code target/console-screenshots}. Any page error or console error fails the script. Threads: the
 * test thread drives; a virtual thread reads the script's output.
 */
@Timeout(150)
class ConsoleBrowserIT extends RestTestBase {

    private static final Path NODE = Path.of("src", "test", "node").toAbsolutePath();
    private static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("HERALD_CHROMIUM", "/usr/bin/chromium"));
    private static final Path SHOTS = Path.of("target", "console-screenshots").toAbsolutePath();

    @BeforeAll
    static void chromiumAndPackagesInstalled() {
        if (!Files.isExecutable(CHROMIUM)) {
            throw new IllegalStateException(CHROMIUM + " is missing: apt-get install -y chromium");
        }
        if (!Files.isDirectory(NODE.resolve("node_modules"))) {
            throw new IllegalStateException("the Node packages are missing: run 'npm ci' in " + NODE
                    + " (mvn verify does it before the integration tests)");
        }
    }

    @Test
    void admin_kicksASession_createsAndRevokesAToken_clearsARetainedMessage() throws Exception {
        AtomicBoolean lost = new AtomicBoolean();
        MqttClient device = connect("console-kick-me", lost);
        String topic = "console/retained/greeting";
        device.publish(topic, "hello console".getBytes(UTF_8), 1, true);
        await().atMost(Duration.ofSeconds(5)).until(() -> rest.get("/api/mqtt/retained/" + encode(topic), ADMIN).status() == 200);
        Files.createDirectories(SHOTS);
        try (var old = Files.list(SHOTS)) {
            for (Path shot : old.toList()) {
                Files.delete(shot);
            }
        }

        List<String> lines = runBrowser("http://127.0.0.1:" + fixture.httpPort + "/", ADMIN, "console-kick-me", topic,
                SHOTS.toString());

        assertThat(lines).as("the script's output").contains("SIGNED IN", "KICKED console-kick-me",
                "CLEARED " + topic, "DONE");
        await("the kicked client loses its connection").atMost(Duration.ofSeconds(5)).untilTrue(lost);
        assertThat(rest.get("/api/mqtt/sessions?clientId=console-kick-me&connected=true", ADMIN).array("sessions")).isEmpty();

        String tokenLine = lines.stream().filter(l -> l.startsWith("TOKEN ")).findFirst().orElseThrow();
        String tokenId = tokenLine.split(" ")[1];
        assertThat(tokenLine).as("the ACL the editor built, as the token list shows it")
                .endsWith("subscribe project/#; publish devices/+/state");
        assertThat(lines).contains("REVOKED " + tokenId);
        assertThat(rest.get("/api/tokens/" + tokenId, ADMIN).status()).as("revoked").isEqualTo(404);

        assertThat(rest.get("/api/mqtt/retained/" + encode(topic), ADMIN).status()).as("cleared").isEqualTo(404);
        for (String view : List.of("login", "sessions", "tokens", "retained", "users", "things", "broker",
                "phone-sessions", "phone-menu")) {
            assertThat(SHOTS.resolve(view + ".png")).as("screenshot of " + view).isNotEmptyFile();
        }
        device.close();
    }

    /** Runs the script to its end; its output lines, after asserting it exited 0. */
    private static List<String> runBrowser(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("node", "console-admin.js"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(NODE.toFile()).redirectErrorStream(true).start();
        List<String> lines = new CopyOnWriteArrayList<>();
        Thread reader = Thread.ofVirtual().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), UTF_8))) {
                r.lines().forEach(lines::add);
            } catch (IOException e) {
                lines.add("output lost: " + e);
            }
        });
        try {
            assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("node ended; output " + lines).isTrue();
            reader.join(Duration.ofSeconds(5));
            assertThat(process.exitValue()).as("node exit code; output " + lines).isZero();
            return lines;
        } finally {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }

    private static MqttClient connect(String clientId, AtomicBoolean lost) throws Exception {
        MqttClient c = new MqttClient("tcp://127.0.0.1:" + BROKER.mqttPort(), clientId, new MemoryPersistence());
        c.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
                lost.set(true);
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
            }
        });
        c.connect();
        return c;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, UTF_8);
    }
}
