package io.herald.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code herald serve} as a process, configured by a file: {@code --config FILE} or {@code herald.yaml}. */
@Timeout(60)
class ServeConfigIT {

    @Test
    void serve_withConfigFile_takesItsSettings_andAFlagWinsOverIt(@TempDir Path work, @TempDir Path etc)
            throws Exception {
        int port = ServerProcess.freePort();
        Path config = Files.writeString(etc.resolve("herald.yaml"), """
                # a configuration file outside the working directory
                storage: memory
                mqtt:
                  port: 1
                bind: 127.0.0.1
                """);
        try (ServerProcess p = ServerProcess.start(work, List.of("serve", "--config", config.toString(),
                "--mqtt-port", String.valueOf(port))).awaitReady()) {
            assertThat(p.out()).contains("config file " + config + ": 3 settings", "listening mqtt 127.0.0.1:" + port)
                    .anyMatch(l -> l.startsWith("herald ready (storage memory,"));
            MqttClient client = new MqttClient("tcp://127.0.0.1:" + port, "config-it", new MemoryPersistence());
            client.connect();
            assertThat(client.isConnected()).isTrue();
            client.disconnect();
            client.close();
        }
    }

    @Test
    void serve_printConfig_readsHeraldYamlInTheWorkingDirectory_andExits0(@TempDir Path work) throws Exception {
        Files.writeString(work.resolve("herald.yaml"), """
                storage: memory
                max-inflight: 64
                """);
        try (ServerProcess p = ServerProcess.start(work, List.of("serve", "--print-config", "--bind", "0.0.0.0"))) {
            assertThat(p.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(p.process().exitValue()).isZero();
            Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                    assertThat(p.out().stream().map(l -> l.replaceAll(" +", " "))).contains(
                            "# config file: herald.yaml",
                            "bind: 0.0.0.0 # flag",
                            "max-inflight: 64 # herald.yaml:2",
                            "storage: memory # herald.yaml:1",
                            "tls-port: 0 # env HERALD_TLS_PORT",
                            "mqtt-port: 1883 # default"));
            assertThat(p.out()).noneMatch(l -> l.startsWith("listening"));
        }
    }

    @Test
    void serve_configWithUnknownKey_exits2WithFileAndLine(@TempDir Path work) throws Exception {
        Path config = Files.writeString(work.resolve("bad.yaml"), """
                storage: memory
                max-inflights: 64
                """);
        try (ServerProcess p = ServerProcess.start(work, List.of("serve", "--config", config.toString()))) {
            assertThat(p.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(p.process().exitValue()).isEqualTo(2);
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> !p.err().isEmpty());
            assertThat(p.err().getFirst()).isEqualTo("herald: " + config
                    + ":2: unknown setting 'max-inflights'; did you mean 'max-inflight'?");
        }
    }
}
