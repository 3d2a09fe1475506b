package io.herald.server;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin commands ({@code token}, {@code user}, {@code thing}, {@code sessions}, {@code retained}) and
 * {@code pub/sub --token} as a script runs them: {@code java -jar target/herald.jar …} processes against a
 * running {@code herald serve} process, checking stdout, stderr and exit codes.
 */
@Timeout(180)
class AdminCliIT {

    private static final String ADMIN = "cli-admin-token-0123456789abcdef";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path work;

    private static ServerProcess server;
    private static int httpPort;
    private static int mqttPort;

    /** A finished CLI run: exit code, stdout and stderr lines. */
    record Run(int exit, List<String> out, List<String> err) {
        String text() {
            return String.join("\n", out);
        }

        JsonNode json() throws IOException {
            return JSON.readTree(text());
        }
    }

    @BeforeAll
    static void startServer() throws IOException {
        httpPort = ServerProcess.freePort();
        mqttPort = ServerProcess.freePort();
        server = ServerProcess.start(work, List.of("serve", "--storage", "memory", "--mqtt-port", String.valueOf(mqttPort),
                "--http-port", String.valueOf(httpPort), "--admin-token", ADMIN)).awaitReady();
    }

    @AfterAll
    static void stopServer() throws InterruptedException {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void token_createListShowRevoke_tableAndJson() throws Exception {
        Run created = admin("token", "create", "--acl", "subscribe:project/#", "--acl", "publish,subscribe:devices/+/state",
                "--ttl", "30d", "--info", "cli test", "--json");
        assertThat(created.exit()).as(created.err().toString()).isZero();
        JsonNode token = created.json();
        String id = token.path("id").asText();
        assertThat(token.path("token").asText()).isNotBlank();
        assertThat(token.path("acl").toString()).isEqualTo("[{\"topic\":\"project/#\",\"actions\":[\"subscribe\"]},"
                + "{\"topic\":\"devices/+/state\",\"actions\":[\"publish\",\"subscribe\"]}]");
        assertThat(token.path("expires").asLong()).isBetween(Instant.now().getEpochSecond() + 30 * 86_400 - 60,
                Instant.now().getEpochSecond() + 30 * 86_400 + 60);

        Run list = herald(Map.of("HERALD_URL", url(), "HERALD_TOKEN", ADMIN), "token", "list");
        assertThat(list.exit()).isZero();
        assertThat(list.out().get(0)).startsWith("ID").contains("INFO", "KIND", "ACL", "EXPIRES", "CREATED");
        assertThat(list.out()).anySatisfy(l -> assertThat(l).startsWith(id).contains("cli test", "mqtt",
                "subscribe project/#; publish,subscribe devices/+/state"));

        Run show = admin("token", "show", id);
        assertThat(show.exit()).isZero();
        assertThat(show.out()).anySatisfy(l -> assertThat(l).matches("ID +" + id))
                .anySatisfy(l -> assertThat(l).startsWith("EXPIRES").contains("T"));

        Run revoked = admin("token", "revoke", id);
        assertThat(revoked.exit()).isZero();
        assertThat(revoked.out()).containsExactly("revoked token " + id);
        Run gone = admin("token", "show", id);
        assertThat(gone.exit()).isEqualTo(4);
        assertThat(gone.out()).isEmpty();
        assertThat(gone.err()).hasSize(1).first().asString().startsWith("herald: not found: ");
    }

    @Test
    void pubAndSub_withAToken_asTheUserName() throws Exception {
        JsonNode token = admin("token", "create", "--acl", "publish,subscribe:project/#", "--ttl", "1h", "--json").json();
        String secret = token.path("token").asText();
        Run pub = herald(Map.of(), "pub", "-p", String.valueOf(mqttPort), "--token", secret, "-t", "project/cli", "-m",
                "hello", "-q", "1", "-r");
        assertThat(pub.exit()).as(pub.err().toString()).isZero();
        Run sub = herald(Map.of("HERALD_TOKEN", secret), "sub", "-p", String.valueOf(mqttPort), "-t", "project/#", "-C", "1",
                "-W", "20");
        assertThat(sub.exit()).as(sub.err().toString()).isZero();
        assertThat(sub.out()).containsExactly("hello");

        Run outside = herald(Map.of(), "pub", "-p", String.valueOf(mqttPort), "-V", "mqttv5", "--token", secret, "-t",
                "elsewhere", "-m", "x", "-q", "1");
        assertThat(outside.exit()).as("outside the token's ACL: PUBACK Not authorized [MQTT-3.4.2-1]").isEqualTo(1);
    }

    @Test
    void userAndThing_createListShowDelete_unknownIdIs404() throws Exception {
        Run user = admin("user", "create", "cli-alice", "--password", "correct horse battery", "--json");
        assertThat(user.exit()).as(user.err().toString()).isZero();
        String userId = user.json().path("userID").asText();
        assertThat(admin("user", "list").out()).anySatisfy(l -> assertThat(l).startsWith(userId).contains("cli-alice"));
        assertThat(admin("user", "show", userId).out()).anySatisfy(l -> assertThat(l).matches("USERNAME +cli-alice"));
        Run taken = admin("user", "create", "cli-alice", "--password", "another password");
        assertThat(taken.exit()).isEqualTo(1);
        assertThat(taken.err()).hasSize(1);
        assertThat(admin("user", "delete", userId).out()).containsExactly("deleted user " + userId);
        assertThat(admin("user", "delete", userId).exit()).isEqualTo(4);

        Run thing = admin("thing", "create", "cli-pump-7", "--acl", "publish:devices/cli-pump-7/#");
        assertThat(thing.exit()).as(thing.err().toString()).isZero();
        assertThat(thing.out().get(0)).matches("ID +cli-pump-7");
        assertThat(thing.out().get(1)).startsWith("SECRET").contains("shown once");
        assertThat(admin("thing", "list").out()).anySatisfy(l -> assertThat(l).startsWith("cli-pump-7")
                .contains("publish devices/cli-pump-7/#"));
        assertThat(admin("thing", "show", "cli-pump-7", "--json").json().path("thingID").asText()).isEqualTo("cli-pump-7");
        assertThat(admin("thing", "delete", "cli-pump-7").exit()).isZero();
        Run missing = admin("thing", "show", "cli-pump-7");
        assertThat(missing.exit()).isEqualTo(4);
        assertThat(missing.err()).hasSize(1).first().asString().startsWith("herald: not found: ");
    }

    @Test
    void sessions_listAndKick_retained_listAndDelete() throws Exception {
        AtomicBoolean lost = new AtomicBoolean();
        MqttClient device = new MqttClient("tcp://127.0.0.1:" + mqttPort, "cli-device-1", new MemoryPersistence());
        device.setCallback(new MqttCallback() {
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
        device.connect();
        device.publish("cli/retained/a", "kept".getBytes(UTF_8), 1, true);

        Run sessions = admin("sessions", "list", "--client-id", "cli-device-");
        assertThat(sessions.exit()).isZero();
        assertThat(sessions.out().get(0)).startsWith("CLIENT ID");
        assertThat(sessions.out()).anySatisfy(l -> assertThat(l).startsWith("cli-device-1").contains("yes", "3.1.1", "tcp"));
        assertThat(admin("sessions", "kick", "cli-device-1", "--discard").out())
                .containsExactly("kicked and discarded cli-device-1");
        await().atMost(Duration.ofSeconds(5)).untilTrue(lost);
        assertThat(admin("sessions", "list", "--client-id", "cli-device-", "--all").out()).containsExactly("(none)");
        assertThat(admin("sessions", "kick", "cli-device-1").exit()).isEqualTo(4);

        Run retained = admin("retained", "list", "--filter", "cli/#");
        assertThat(retained.out()).containsExactly("TOPIC           QOS  BYTES", "cli/retained/a  1    4");
        assertThat(admin("retained", "list", "--filter", "cli/#", "--json").json().path("messages").get(0)
                .path("topic").asText()).isEqualTo("cli/retained/a");
        assertThat(admin("retained", "delete", "cli/retained/a").out())
                .containsExactly("cleared the retained message of cli/retained/a");
        assertThat(admin("retained", "delete", "cli/retained/a").exit()).isEqualTo(4);
        device.close();
    }

    @Test
    void errors_badToken_noToken_noServer_badUsage_oneLineAndTheirExitCodes() throws Exception {
        Run badToken = herald(Map.of(), "token", "list", "--url", url(), "--token", "not-a-token");
        assertThat(badToken.exit()).isEqualTo(5);
        assertThat(badToken.out()).isEmpty();
        assertThat(badToken.err()).hasSize(1).first().asString().startsWith("herald: the token was refused");

        Run noToken = herald(Map.of(), "user", "list", "--url", url());
        assertThat(noToken.exit()).isEqualTo(2);
        assertThat(noToken.err().get(0)).isEqualTo("herald: --token (or HERALD_TOKEN) is required");

        Run noServer = herald(Map.of(), "user", "list", "--url", "http://127.0.0.1:" + ServerProcess.freePort(),
                "--token", ADMIN);
        assertThat(noServer.exit()).isEqualTo(1);
        assertThat(noServer.err()).hasSize(1).first().asString().contains("connection refused");

        Run badAcl = admin("token", "create", "--acl", "read:project/#");
        assertThat(badAcl.exit()).isEqualTo(2);
        assertThat(badAcl.err().get(0)).contains("'read' in 'read:project/#' is not an action");
        assertThat(admin("token", "create", "--acl", "subscribe:a", "--ttl", "soon").exit()).isEqualTo(2);
        assertThat(admin("token").exit()).as("a group without a subcommand").isEqualTo(2);

        Run help = herald(Map.of(), "token", "create", "--help");
        assertThat(help.exit()).isZero();
        assertThat(help.text()).contains("Examples:", "herald token create --acl 'subscribe:project/#' --ttl 30d",
                "Exit codes:");
    }

    private static String url() {
        return "http://127.0.0.1:" + httpPort;
    }

    /** {@code herald ARGS --url … --token <admin>}. */
    private static Run admin(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--url", url(), "--token", ADMIN));
        return herald(Map.of(), all.toArray(String[]::new));
    }

    /** {@code java -jar target/herald.jar ARGS} with {@code env} added, run to its end. */
    private static Run herald(Map<String, String> env, String... args) throws Exception {
        Path jar = Path.of("target", "herald.jar").toAbsolutePath();
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString()));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile(work, "out", ".txt");
        Path err = Files.createTempFile(work, "err", ".txt");
        ProcessBuilder b = new ProcessBuilder(cmd).directory(work.toFile()).redirectOutput(out.toFile())
                .redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        b.environment().remove("HERALD_URL");
        b.environment().remove("HERALD_TOKEN");
        b.environment().putAll(env);
        Process p = b.start();
        try {
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("herald " + String.join(" ", args) + " ended").isTrue();
        } finally {
            p.destroyForcibly();
        }
        return new Run(p.exitValue(), Files.readAllLines(out, UTF_8), Files.readAllLines(err, UTF_8));
    }
}
