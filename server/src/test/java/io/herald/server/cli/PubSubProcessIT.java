package io.herald.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.client.support.HeraldBroker;
import io.herald.client.support.MosquittoBroker;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code java -jar target/herald.jar pub|sub} as processes, with Debian's mosquitto_pub and
 * mosquitto_sub on the other end: stdin lines, stdout lines and exit codes as a script sees them.
 */
@Timeout(60)
class PubSubProcessIT {

    private static HeraldBroker herald;
    private static MosquittoBroker mosquitto;

    @BeforeAll
    static void start() {
        herald = HeraldBroker.launch();
        mosquitto = MosquittoBroker.launch();
    }

    @AfterAll
    static void stop() {
        herald.close();
        mosquitto.close();
    }

    @Test
    void pubLinesFromStdin_reachMosquittoSub() throws Exception {
        String topic = "proc/lines/" + System.nanoTime();
        // stdbuf: line-buffered output, so the SUBACK line shows at once
        Process sub = new ProcessBuilder("stdbuf", "-oL", "mosquitto_sub", "-d", "-h", "127.0.0.1", "-p", port(mosquitto), "-t",
                topic, "-q", "1", "-C", "3", "-W", "20", "-v").start();
        List<String> subOut = lines(sub.getInputStream());
        // -d makes mosquitto_sub report its SUBACK: the lines must not go out before it subscribed
        await().atMost(Duration.ofSeconds(10)).until(() -> subOut.stream().anyMatch(l -> l.contains("received SUBACK")));
        Process pub = herald("pub", "-p", port(mosquitto), "-t", topic, "-l", "-q", "1");
        try (OutputStream in = pub.getOutputStream()) {
            in.write("one\ntwo\nthree\n".getBytes(StandardCharsets.UTF_8));
        }
        assertThat(pub.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(pub.exitValue()).isZero();
        assertThat(sub.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(subOut.stream().filter(l -> l.startsWith(topic))).containsExactly(topic + " one", topic + " two",
                topic + " three");
    }

    @Test
    void heraldSubProcess_printsWhatMosquittoPubSends_andExitsAfterCount() throws Exception {
        String topic = "proc/sub/" + System.nanoTime();
        Process sub = herald("sub", "-p", port(herald), "-t", topic, "-C", "2", "-W", "30");
        List<String> out = lines(sub.getInputStream());
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            Process p = new ProcessBuilder("mosquitto_pub", "-h", "127.0.0.1", "-p", port(herald), "-t", topic,
                    "-m", "from mosquitto_pub", "-q", "1").start();
            p.waitFor(10, TimeUnit.SECONDS);
            return !sub.isAlive();
        });
        assertThat(sub.exitValue()).isZero();
        assertThat(out).hasSize(2).containsOnly("from mosquitto_pub");
    }

    @Test
    void unreachableServer_exitCode1_badUsage_exitCode2() throws Exception {
        Process failed = herald("pub", "-p", Integer.toString(io.herald.client.support.Ports.free()), "-t", "a",
                "-m", "x");
        assertThat(failed.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(failed.exitValue()).isEqualTo(1);
        assertThat(new String(failed.getErrorStream().readAllBytes(), StandardCharsets.UTF_8))
                .startsWith("herald pub: connection failed");
        Process usage = herald("sub", "-t", "a", "-q", "7");
        assertThat(usage.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(usage.exitValue()).isEqualTo(2);
    }

    private static Process herald(String... args) throws IOException {
        Path jar = Path.of("target", "herald.jar").toAbsolutePath();
        assertThat(jar).exists();
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-jar", jar.toString()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).start();
    }

    /** The lines of {@code stream} as a daemon thread reads them. */
    private static List<String> lines(java.io.InputStream stream) {
        List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
        Thread t = new Thread(() -> {
            try (var r = new java.io.BufferedReader(new java.io.InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // the process ended
            }
        }, "process-output");
        t.setDaemon(true);
        t.start();
        return lines;
    }

    private static String port(io.herald.client.support.TestBroker b) {
        return Integer.toString(b.port());
    }
}
