package io.herald.broker.interop;

import static io.herald.broker.spec.SpecClients.clientId;
import static io.herald.broker.spec.SpecClients.subscribed;
import static io.herald.broker.spec.SpecClients.topic;
import static io.herald.testkit.MqttPackets.MQTT_3_1_1;
import static io.herald.testkit.MqttPackets.publish;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.broker.spec.BrokerUnderTest;
import io.herald.testkit.RawMqttClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Debian's {@code mosquitto_pub} and {@code mosquitto_sub} (package mosquitto-clients) against the broker. */
@Timeout(30)
class MosquittoClientsIT {

    @RegisterExtension
    static final BrokerUnderTest broker = BrokerUnderTest.create();

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final List<Process> processes = new ArrayList<>();

    @BeforeAll
    static void clientsInstalled() {
        for (String tool : List.of("/usr/bin/mosquitto_pub", "/usr/bin/mosquitto_sub")) {
            if (!Files.isExecutable(Path.of(tool))) {
                throw new IllegalStateException(tool + " is missing: apt-get install -y mosquitto-clients "
                        + "(./herald test installs it when run as root)");
            }
        }
    }

    @AfterEach
    void stopProcesses() {
        processes.forEach(Process::destroyForcibly);
    }

    @ParameterizedTest(name = "{0}, QoS {1}")
    @CsvSource({"mqttv31, 0", "mqttv31, 1", "mqttv31, 2", "mqttv311, 0", "mqttv311, 1", "mqttv311, 2"})
    void mosquittoPub_reachesMosquittoSub(String version, int qos) throws Exception {
        String t = topic("cli");
        Subscriber sub = subscribe("-V", version, "-q", String.valueOf(qos), "-t", t, "-C", "1");
        sub.awaitSubscribed();

        Process pub = run("mosquitto_pub", "-V", version, "-q", String.valueOf(qos), "-t", t, "-m", "hello cli");

        assertThat(exitCode(pub)).as("mosquitto_pub exit code").isZero();
        sub.awaitLine("hello cli");
        assertThat(exitCode(sub.process)).as("mosquitto_sub exit code").isZero();
    }

    @Test
    void retainedFromMosquittoPub_receivedByLaterMosquittoSub() throws Exception {
        String t = topic("cli-retained");
        assertThat(exitCode(run("mosquitto_pub", "-q", "1", "-r", "-t", t, "-m", "kept"))).isZero();

        Subscriber sub = subscribe("-t", t, "-C", "1", "-v");

        sub.awaitLine(t + " kept");
        assertThat(exitCode(sub.process)).as("mosquitto_sub exit code").isZero();
    }

    @Test
    void mosquittoSubKilled_willPublished() throws Exception {
        String will = topic("cli-will");
        try (RawMqttClient watcher = subscribed(broker.port(), MQTT_3_1_1, will, 0)) {
            Subscriber sub = subscribe("-t", topic("idle"), "--will-topic", will, "--will-payload", "killed");
            sub.awaitSubscribed();

            sub.process.destroyForcibly(); // SIGKILL: the socket closes without DISCONNECT

            watcher.expectPacket(publish(will, "killed").toBytes());
        }
    }

    /**
     * mosquitto_sub with debug output, line-buffered (stdbuf) so the test sees its SUBACK when it
     * arrives rather than when the pipe's buffer fills.
     */
    private Subscriber subscribe(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("stdbuf", "-oL", "mosquitto_sub", "-d", "-i", clientId("msub")));
        command.addAll(List.of(args));
        Subscriber s = new Subscriber(run(command.toArray(String[]::new)));
        Thread.ofVirtual().start(s::readOutput);
        return s;
    }

    private Process run(String... command) throws IOException {
        List<String> full = new ArrayList<>(List.of(command));
        full.addAll(List.of("-h", "127.0.0.1", "-p", String.valueOf(broker.port())));
        Process p = new ProcessBuilder(full).redirectErrorStream(true).start();
        processes.add(p);
        return p;
    }

    private static int exitCode(Process p) throws InterruptedException {
        assertThat(p.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).as("process exited").isTrue();
        return p.exitValue();
    }

    /** A running mosquitto_sub and the lines it printed so far. */
    private static final class Subscriber {
        final Process process;
        final List<String> lines = new CopyOnWriteArrayList<>();

        Subscriber(Process process) {
            this.process = process;
        }

        void readOutput() {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException e) {
                lines.add("output lost: " + e);
            }
        }

        void awaitSubscribed() {
            await().atMost(WAIT).until(() -> lines.stream().anyMatch(l -> l.contains("received SUBACK")));
        }

        void awaitLine(String expected) {
            await().atMost(WAIT).untilAsserted(() -> assertThat(lines).contains(expected));
        }
    }
}
