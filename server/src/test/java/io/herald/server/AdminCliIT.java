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
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin commands ({@code token}, {@code user}, {@code thing} with a Paho thing answering its commands,
 * {@code sessions}, {@code retained}) and
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
    void thing_commandAnsweredByAPahoThing_properties_timeoutOfflineAndQueued() throws Exception {
        String id = "cli-meter-1";
        String secret = "secret-of-" + id;
        assertThat(admin("thing", "create", id, "--secret", secret).exit()).isZero();
        Run offline = admin("thing", "command", id, "--service", "meter", "--name", "READ");
        assertThat(offline.exit()).as("409 THING_OFFLINE").isEqualTo(1);
        assertThat(offline.out()).isEmpty();
        assertThat(offline.err()).hasSize(1).first().asString().startsWith("herald: offline: THING_OFFLINE");

        AtomicBoolean mute = new AtomicBoolean();
        MqttClient thing = answeringThing(id, secret, mute);
        thing.publish("$oc/devices/" + id + "/sys/properties/report", ("{\"services\":[{\"service_id\":\"meter\","
                + "\"properties\":{\"kwh\":12.5,\"phase\":\"L1\"},\"event_time\":\"20261207T101500Z\"}]}").getBytes(UTF_8), 1, false);
        await().atMost(Duration.ofSeconds(10)).until(() -> admin("thing", "show", id, "--json").json().path("online").asBoolean()
                && admin("thing", "properties", id, "--json").json().path("services").size() == 1);
        assertThat(admin("thing", "list").out()).anySatisfy(l -> assertThat(l).startsWith(id).contains("yes"));

        Run properties = admin("thing", "properties", id);
        assertThat(properties.exit()).isZero();
        assertThat(properties.out().get(0)).startsWith("SERVICE").contains("PROPERTY", "VALUE", "EVENT TIME", "RECEIVED");
        assertThat(properties.out()).anySatisfy(l -> assertThat(l).matches("meter +kwh +12\\.5 +2026-12-07T10:15:00Z .*"))
                .anySatisfy(l -> assertThat(l).matches("meter +phase +\"L1\" +2026-12-07T10:15:00Z .*"));

        Run answered = admin("thing", "command", id, "--service", "meter", "--name", "SET_TARIFF", "--paras", "{\"tariff\":2}",
                "--timeout", "10");
        assertThat(answered.exit()).as(answered.err().toString()).isZero();
        assertThat(answered.out()).anySatisfy(l -> assertThat(l).matches("COMMAND +[0-9a-f-]{36}"))
                .contains("RESULT    0", "RESPONSE  COMMAND_RESPONSE", "PARAS     {\"echo\":\"SET_TARIFF\",\"tariff\":2}");
        JsonNode json = admin("thing", "command", id, "--name", "PING", "--json").json();
        assertThat(json.path("response").path("paras").path("echo").asText()).isEqualTo("PING");

        mute.set(true);
        long start = System.nanoTime();
        Run timeout = admin("thing", "command", id, "--name", "PING", "--timeout", "1");
        assertThat(timeout.exit()).as("504 COMMAND_TIMEOUT").isEqualTo(3);
        assertThat(timeout.err()).hasSize(1).first().asString().startsWith("herald: no answer in time: COMMAND_TIMEOUT");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
        mute.set(false);

        Run badParas = admin("thing", "command", id, "--name", "X", "--paras", "[1]");
        assertThat(badParas.exit()).isEqualTo(2);
        assertThat(badParas.err().get(0)).contains("is not a JSON object");
        assertThat(admin("thing", "command", id, "--name", "X", "--ttl", "1h").exit()).as("--ttl without --queued").isEqualTo(2);
        assertThat(admin("thing", "command", "nobody", "--name", "X").exit()).isEqualTo(4);

        thing.disconnect();
        await().atMost(Duration.ofSeconds(10)).until(() -> !admin("thing", "show", id, "--json").json().path("online").asBoolean());
        Run queued = admin("thing", "command", id, "--service", "meter", "--name", "RESET", "--queued", "--ttl", "1h");
        assertThat(queued.exit()).as(queued.err().toString()).isZero();
        assertThat(queued.out()).anySatisfy(l -> assertThat(l).matches("STATUS +PENDING"))
                .anySatisfy(l -> assertThat(l).matches("NAME +RESET"));
        thing.close();
    }

    @Test
    void install_endpoint_push_aPahoDeviceWithTheEndpointsValuesReceivesIt() throws Exception {
        String userId = admin("user", "create", "cli-bob", "--password", "correct horse battery", "--json").json()
                .path("userID").asText();
        Run installed = admin("install", "user", userId);
        assertThat(installed.exit()).as(installed.err().toString()).isZero();
        assertThat(installed.out()).contains("OWNER         user " + userId, "ENVIRONMENT   production");
        String installationId = installed.out().getFirst().split(" +")[1];
        assertThat(admin("install", "user", userId, "--json").json().path("installationID").asText())
                .as("a user has one installation").isEqualTo(installationId);
        JsonNode endpoint = admin("install", "endpoint", installationId, "--json").json();
        String topic = endpoint.path("mqttTopic").asText();
        assertThat(endpoint.path("portTCP").asInt()).isEqualTo(mqttPort);

        List<String> received = new java.util.concurrent.CopyOnWriteArrayList<>();
        MqttClient device = new MqttClient("tcp://127.0.0.1:" + endpoint.path("portTCP").asInt(), topic, new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setUserName(endpoint.path("username").asText());
        o.setPassword(endpoint.path("password").asText().toCharArray());
        device.connect(o);
        device.subscribe(topic, 1, (t, m) -> received.add(new String(m.getPayload(), UTF_8)));

        Run pushed = admin("push", "user", userId, "-d", "title=Build finished", "-d", "n=42", "--wait", "10");
        assertThat(pushed.exit()).as(pushed.err().toString()).isZero();
        assertThat(pushed.out().get(0)).matches("TARGET +PUSH ID +MATCHED +QUEUED +DELIVERED +ACKNOWLEDGED +EXPIRED +DROPPED");
        assertThat(pushed.out().get(1)).startsWith(userId).matches(".* 1 +0 +1 +1 +0 +0");
        await().atMost(Duration.ofSeconds(5)).until(() -> !received.isEmpty());
        JsonNode message = JSON.readTree(received.getFirst());
        assertThat(message.path("title").asText()).isEqualTo("Build finished");
        assertThat(message.path("n").asInt()).isEqualTo(42);

        Run unknown = admin("push", "user", "nobody-0000", "-d", "a=1");
        assertThat(unknown.exit()).as(unknown.err().toString()).isEqualTo(4);
        assertThat(unknown.err()).hasSize(1).first().asString().startsWith("herald: not found: ");
        Run nested = admin("push", "user", userId, "--data-json", "{\"a\":{\"b\":1}}");
        assertThat(nested.exit()).as("the server refuses nested data").isEqualTo(1);
        assertThat(nested.err()).hasSize(1).first().asString().contains("INVALID_INPUT_DATA");

        assertThat(admin("install", "show", installationId).out()).contains("OWNER         user " + userId);
        device.disconnect();
        assertThat(admin("install", "delete", installationId).out()).containsExactly("uninstalled " + installationId);
        assertThat(admin("install", "show", installationId).exit()).isEqualTo(4);
        device.close();
    }

    /** A thing logging in with its secret that answers every command with its name and parameters, unless mute. */
    private static MqttClient answeringThing(String id, String secret, AtomicBoolean mute) throws Exception {
        MqttClient c = new MqttClient("tcp://127.0.0.1:" + mqttPort, id, new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setUserName(id);
        o.setPassword(secret.toCharArray());
        c.connect(o);
        c.subscribe("$oc/devices/" + id + "/sys/commands/#", 1, (topic, m) -> {
            int at = topic.indexOf("/sys/commands/request_id=");
            if (at < 0 || mute.get()) {
                return;
            }
            String requestId = topic.substring(at + "/sys/commands/request_id=".length());
            JsonNode command = JSON.readTree(m.getPayload());
            var paras = JSON.createObjectNode().put("echo", command.path("command_name").asText());
            command.path("paras").properties().forEach(p -> paras.set(p.getKey(), p.getValue()));
            byte[] answer = JSON.writeValueAsBytes(JSON.createObjectNode().put("result_code", 0)
                    .put("response_name", "COMMAND_RESPONSE").set("paras", paras));
            // Paho may not publish from its callback thread
            Thread.ofVirtual().start(() -> {
                try {
                    c.publish("$oc/devices/" + id + "/sys/commands/response/request_id=" + requestId, answer, 1, false);
                } catch (MqttException e) {
                    throw new IllegalStateException(e);
                }
            });
        });
        return c;
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
