package io.herald.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Acknowledgements survive a crash: a persistent QoS 1 subscriber receives and acknowledges
 * {@value #MESSAGES} messages and disconnects; the server gets SIGKILL some time later, with no other
 * traffic in between, and restarts on the same data directory. The subscriber resumes its session and
 * must get none of those messages again (docs/storage.md: acknowledgements are written within 100 ms).
 */
@Timeout(90)
class AcknowledgedCrashIT {

    private static final int MESSAGES = 100;
    private static final String END = "end";

    @TempDir
    Path workDir;
    private final List<ServerProcess> servers = new ArrayList<>();

    @ParameterizedTest(name = "kill {0} ms after the subscriber left")
    @ValueSource(ints = {150, 1_000, 5_000})
    void kill9_afterSubscriberAcknowledgedAndLeft_nothingRedelivered(int killAfterMillis) throws Exception {
        try {
            int port = ServerProcess.freePort();
            ServerProcess first = serve(port);
            List<String> received = new CopyOnWriteArrayList<>();
            MqttClient subscriber = CrashClients.recording(port, "acker", received);
            subscriber.subscribe("acked/#", 1);
            try (MqttClient publisher = CrashClients.connect(port, "publisher", true)) {
                for (int i = 0; i < MESSAGES; i++) {
                    publisher.publish("acked/" + i, String.valueOf(i).getBytes(StandardCharsets.UTF_8), 1, false);
                }
                publisher.disconnect();
            }
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> received.size() == MESSAGES);
            subscriber.disconnect(); // Paho acknowledged each message before this DISCONNECT
            subscriber.close();

            Thread.sleep(killAfterMillis); // the point of the test: an idle broker, killed this long after
            first.kill();

            serve(port);
            try (MqttClient publisher = CrashClients.connect(port, "publisher-2", true)) {
                publisher.publish("acked/" + END, END.getBytes(StandardCharsets.UTF_8), 1, false);
                publisher.disconnect();
            }
            List<String> again = new CopyOnWriteArrayList<>();
            MqttClient resumed = CrashClients.recording(port, "acker", again);
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> again.contains(END));
            resumed.disconnect();
            resumed.close();
            assertThat(again).as("redelivered after kill -9").containsExactly(END);
        } finally {
            for (ServerProcess s : servers) {
                s.close();
            }
        }
    }

    private ServerProcess serve(int port) throws Exception {
        ServerProcess p = ServerProcess.start(workDir, List.of("serve", "--mqtt-port", String.valueOf(port),
                "--data-dir", workDir.resolve("data").toString(), "--storage", "rocksdb", "--durability", "sync"));
        servers.add(p);
        return p.awaitReady();
    }
}
