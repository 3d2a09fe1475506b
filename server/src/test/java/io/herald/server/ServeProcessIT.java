package io.herald.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.MqttSecurityException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Starts {@code herald serve} as a separate process, as a user would, and talks MQTT to it. */
@Timeout(60)
class ServeProcessIT {

    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void killLeftovers() {
        processes.forEach(Process::destroyForcibly);
    }

    @Test
    void serve_printsListenerLine_servesMqtt_andStopsCleanlyOnSigterm() throws Exception {
        int port = ServerProcess.freePort();
        Process p = start("serve", "--bind", "127.0.0.1", "--mqtt-port", String.valueOf(port), "--storage", "memory");
        List<String> out = ServerProcess.collect(p.getInputStream(), "herald-stdout");
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> out.contains("listening mqtt 127.0.0.1:" + port));

        List<String> received = new CopyOnWriteArrayList<>();
        MqttClient sub = new MqttClient("tcp://127.0.0.1:" + port, "sub", new MemoryPersistence());
        sub.connect();
        sub.subscribe("e2e/#", 1, (topic, m) -> received.add(topic + " " + new String(m.getPayload(), StandardCharsets.UTF_8)));
        MqttClient pub = new MqttClient("tcp://127.0.0.1:" + port, "pub", new MemoryPersistence());
        pub.connect(new MqttConnectOptions());
        pub.publish("e2e/hello", new MqttMessage("world".getBytes(StandardCharsets.UTF_8)));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> received.contains("e2e/hello world"));
        pub.disconnect();

        p.toHandle().destroy(); // SIGTERM, keeping our end of its stdout open
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> out.contains("herald stopped"));
        sub.close(true);
    }

    @Test
    void serve_portInUse_exitsNonZeroWithOneLineReason() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Process p = start("serve", "--mqtt-port", String.valueOf(taken.getLocalPort()));
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.exitValue()).isEqualTo(1);
            assertThat(err).contains("herald: cannot listen for mqtt on 127.0.0.1:" + taken.getLocalPort());
            assertThat(err.lines().filter(l -> l.startsWith("herald:")).count()).isEqualTo(1);
        }
    }

    @Test
    void serve_badFlag_exitsWithUsageError() throws Exception {
        Process p = start("serve", "--mqtt-port", "70000");
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).isEqualTo(2);
        assertThat(err).startsWith("herald: --mqtt-port must be 0..65535");
    }

    @Test
    void serve_unknownOption_exitsWithUsageError() throws Exception {
        Process p = start("serve", "--no-such-flag");
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(2);
        assertThat(new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8)).contains("--no-such-flag");
    }

    @Test
    void serve_passwordAndAclFiles_onLoopback_anonymousAllowed_rulesReloadedOnSighup(@TempDir Path dir)
            throws Exception {
        Path passwords = dir.resolve("passwd");
        Process passwd = start("passwd", "-b", passwords.toString(), "bob", "bob-pw");
        assertThat(passwd.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(passwd.exitValue()).isZero();
        Path acl = Files.writeString(dir.resolve("acl.yaml"), """
                rules:
                  - {who: all, topic: "users/{username}/#", actions: [subscribe, publish], effect: allow}
                  - {who: anonymous, topic: public/#, actions: [subscribe], effect: allow}
                """);
        int port = ServerProcess.freePort();
        Process p = start("serve", "--mqtt-port", String.valueOf(port), "--password-file", passwords.toString(),
                "--acl-file", acl.toString());
        List<String> out = ServerProcess.collect(p.getInputStream(), "herald-stdout");
        List<String> err = ServerProcess.collect(p.getErrorStream(), "herald-stderr");
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> out.stream().anyMatch(l -> l.startsWith("herald ready")));
        assertThat(out).contains("anonymous clients allowed: every listener binds a loopback address"
                + " (--allow-anonymous false refuses them)", "acl file " + acl + ": 2 rules, default deny");

        MqttClient anonymous = new MqttClient("tcp://127.0.0.1:" + port, "anon", new MemoryPersistence());
        anonymous.connect();
        assertThat(anonymous.subscribeWithResponse("public/news", 1).getGrantedQos()).containsExactly(1);
        anonymous.disconnect();
        MqttClient bob = new MqttClient("tcp://127.0.0.1:" + port, "bob", new MemoryPersistence());
        MqttConnectOptions wrong = new MqttConnectOptions();
        wrong.setUserName("bob");
        wrong.setPassword("nope".toCharArray());
        assertThatThrownBy(() -> bob.connect(wrong)).isInstanceOfSatisfying(MqttSecurityException.class,
                e -> assertThat(e.getReasonCode()).isEqualTo(4));
        MqttConnectOptions right = new MqttConnectOptions();
        right.setUserName("bob");
        right.setPassword("bob-pw".toCharArray());
        bob.connect(right);
        assertThat(bob.subscribeWithResponse("users/bob/+", 1).getGrantedQos()).containsExactly(1);

        // a process started with SIGHUP ignored (under nohup) passes that on, and a JVM leaves an ignored
        // SIGHUP ignored: the server could not be reloaded by it, whatever it does
        Assumptions.assumeFalse(sighupIgnored(), "SIGHUP is ignored in this process tree (started under nohup?)");
        new ProcessBuilder("kill", "-HUP", String.valueOf(p.pid())).start().waitFor();
        // 30 s: the whole suite shares two cores; on failure the server's stderr is in the message
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(List.copyOf(err))
                .as("the server's stderr after SIGHUP").anyMatch(l -> l.contains("reloaded acl file")));
        assertThat(bob.isConnected()).isTrue();
        bob.disconnect();
        bob.close();
        anonymous.close();
    }

    @Test
    void serve_aclFileWithABadRule_exitsWithFileLineAndReason(@TempDir Path dir) throws Exception {
        Path acl = Files.writeString(dir.resolve("acl.yaml"), """
                rules:
                  - who: all
                    topic: a/#/b
                    actions: [publish]
                    effect: allow
                """);
        Process p = start("serve", "--mqtt-port", "0", "--acl-file", acl.toString());
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(2);
        assertThat(new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8))
                .startsWith("herald: --acl-file " + acl + ":3: rule 1: 'a/#/b' is not a valid MQTT topic filter");
    }

    /** Whether this process ignores SIGHUP (signal 1: bit 0 of the SigIgn mask in /proc/self/status). */
    private static boolean sighupIgnored() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("SigIgn:")) {
                return (Long.parseUnsignedLong(line.substring("SigIgn:".length()).trim(), 16) & 1) != 0;
            }
        }
        return false;
    }

    private Process start(String... args) throws IOException {
        Path jar = Path.of("target", "herald.jar").toAbsolutePath();
        assertThat(jar).exists();
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-jar", jar.toString()));
        cmd.addAll(List.of(args));
        Process p = ServerProcess.withoutDefaultListeners(new ProcessBuilder(cmd)
                .directory(Files.createTempDirectory("herald-it").toFile())).start();
        processes.add(p);
        return p;
    }
}
