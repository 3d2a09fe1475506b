package io.herald.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Nothing acknowledged is lost when the server is killed: persistent subscribers (QoS 1 and QoS 2) go
 * offline, a publisher sends {@value #MESSAGES} messages (alternately QoS 1 and QoS 2) as fast as its
 * window allows and records every PUBACK / PUBCOMP, the server gets SIGKILL once {@code ackedBeforeKill}
 * are acknowledged (more are in flight then), restarts on the same data directory, and the subscribers
 * reconnect: each must receive every acknowledged message, and the QoS 2 subscriber no QoS 2 message
 * twice.
 */
@Timeout(60)
class CrashRecoveryIT {

    private static final int MESSAGES = 400;
    private static final String END = "end";

    @TempDir
    Path workDir;
    private final List<ServerProcess> servers = new ArrayList<>();

    @ParameterizedTest(name = "kill after {0} acknowledgements")
    @ValueSource(ints = {1, 150, 380})
    void kill9_whilePublishing_everyAcknowledgedMessageReachesPersistentSubscribers(int ackedBeforeKill)
            throws Exception {
        try {
            int port = ServerProcess.freePort();
            ServerProcess first = serve(port);
            subscribeAndGoOffline(port, "sub-qos1", 1);
            subscribeAndGoOffline(port, "sub-qos2", 2);

            Set<String> acked = publishUntilKilled(port, first, ackedBeforeKill);
            assertThat(acked).hasSizeGreaterThanOrEqualTo(ackedBeforeKill);

            ServerProcess second = serve(port);
            try (MqttClient publisher = CrashClients.connect(port, "publisher-2", true)) {
                publisher.publish("crash/" + END, END.getBytes(StandardCharsets.UTF_8), 2, false); // queued last
                publisher.disconnect();
            }
            List<String> qos1 = receiveUntilEnd(port, "sub-qos1");
            List<String> qos2 = receiveUntilEnd(port, "sub-qos2");

            assertThat(qos1).containsAll(acked);
            assertThat(qos2).containsAll(acked);
            List<String> qos2Published = qos2.stream().filter(p -> Integer.parseInt(p) % 2 == 1).toList();
            assertThat(qos2Published).doesNotHaveDuplicates();
            assertThat(second.err()).noneMatch(l -> l.contains("ERROR"));
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

    private static void subscribeAndGoOffline(int port, String clientId, int qos) throws MqttException {
        try (MqttClient c = CrashClients.connect(port, clientId, false)) {
            c.subscribe("crash/#", qos);
            c.disconnect();
        }
    }

    /**
     * Publishes message i with QoS 1 when i is even, QoS 2 when odd; kills the server once {@code killAfter}
     * are acknowledged. Returns the payloads acknowledged (PUBACK, or PUBCOMP) before the connection died.
     */
    private static Set<String> publishUntilKilled(int port, ServerProcess server, int killAfter) throws Exception {
        MqttAsyncClient publisher = new MqttAsyncClient("tcp://127.0.0.1:" + port, "publisher", new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMaxInflight(64);
        publisher.connect(options).waitForCompletion(10_000);
        Set<String> acked = ConcurrentHashMap.newKeySet();
        Semaphore window = new Semaphore(64);
        CountDownLatch enoughAcked = new CountDownLatch(1);
        IMqttActionListener listener = new IMqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
                acked.add((String) token.getUserContext());
                window.release();
                if (acked.size() >= killAfter) {
                    enoughAcked.countDown();
                }
            }

            @Override
            public void onFailure(IMqttToken token, Throwable error) {
                window.release();
            }
        };
        Thread sender = new Thread(() -> {
            try {
                for (int i = 0; i < MESSAGES && publisher.isConnected(); i++) {
                    window.acquire();
                    String payload = String.valueOf(i);
                    publisher.publish("crash/" + i, payload.getBytes(StandardCharsets.UTF_8), i % 2 == 0 ? 1 : 2,
                            false, payload, listener);
                }
            } catch (MqttException | InterruptedException e) {
                // the server is gone: the messages not acknowledged so far need not arrive
            }
        }, "publisher");
        sender.start();
        assertThat(enoughAcked.await(30, TimeUnit.SECONDS)).isTrue();
        server.kill();
        sender.join(10_000);
        publisher.disconnectForcibly(0, 100, false);
        publisher.close(true);
        return Set.copyOf(acked);
    }

    /** Resumes the session and collects payloads until the marker published after the restart arrives. */
    private static List<String> receiveUntilEnd(int port, String clientId) throws MqttException {
        List<String> received = new CopyOnWriteArrayList<>();
        MqttClient c = CrashClients.recording(port, clientId, received);
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> received.contains(END));
        c.disconnect();
        c.close();
        received.remove(END);
        return List.copyOf(received);
    }
}
