package io.herald.server;

import static io.herald.testkit.Mqtt5Packets.connect;
import static io.herald.testkit.Mqtt5Packets.publish;
import static org.assertj.core.api.Assertions.assertThat;

import io.herald.testkit.Mqtt5Packet;
import io.herald.testkit.RawMqttClient;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code herald serve} with its data directory on a 16 MB tmpfs (mounted for the test as root; skipped,
 * saying so, where mounting is impossible) that a file fills: durable publishes get PUBACK 0x97 instead
 * of hanging, the process logs one line when the store starts failing and one when it recovers (no stack
 * traces), and once the file is deleted durable traffic resumes without a restart. Every message that
 * was acknowledged reaches the persistent subscriber, before and after.
 */
@Timeout(120)
class DiskFullProcessIT {

    private static final byte[] PAYLOAD = new byte[8 * 1024];
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path workDir;
    private Path mount;
    private ServerProcess server;

    @BeforeEach
    void mountSmallDisk() throws Exception {
        mount = Files.createTempDirectory("herald-full-process");
        Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", mount.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        boolean mounted = p.waitFor() == 0;
        if (!mounted) {
            Files.deleteIfExists(mount);
        }
        Assumptions.assumeTrue(mounted, "cannot mount a 16 MB tmpfs for the full-disk test (needs root): " + out);
    }

    @AfterEach
    void unmount() throws Exception {
        if (server != null) {
            server.close();
        }
        new ProcessBuilder("umount", mount.toString()).inheritIO().start().waitFor();
        Files.deleteIfExists(mount);
    }

    @Test
    void diskFull_publishesRefusedWith0x97_loggedOnce_resumeAfterSpaceIsFreed_nothingAcknowledgedLost()
            throws Exception {
        int port = ServerProcess.freePort();
        server = ServerProcess.start(workDir, List.of("serve", "--mqtt-port", String.valueOf(port),
                "--data-dir", mount.resolve("data").toString(), "--storage", "rocksdb", "--durability", "sync"))
                .awaitReady();
        persistentSubscriber(port, new CopyOnWriteArrayList<>()).disconnect(); // offline: messages are stored for it

        List<Integer> acknowledged = new ArrayList<>();
        Path filler = mount.resolve("filler");
        try (RawMqttClient pub = RawMqttClient.connect(port)) {
            pub.send(connect("full-publisher").toBytes());
            assertThat(Mqtt5Packet.parse(pub.readPacket(WAIT)).reasonCode()).isZero();
            fill(filler);
            int refused = 0;
            int id = 0;
            while (refused < 20 && id < 2_000) { // the store may still take a few before it fails
                id++;
                int reason = publishQos1(pub, id);
                if (reason == 0) {
                    acknowledged.add(id);
                } else {
                    assertThat(reason).as("PUBACK reason while the disk is full").isEqualTo(0x97);
                    refused++;
                }
            }
            assertThat(refused).as("publishes refused with 0x97").isEqualTo(20);
            assertThat(linesOf("cannot write to the store")).as("lines saying the store cannot write").hasSize(1);

            Files.delete(filler);
            int[] next = {id};
            Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> {
                next[0]++;
                int reason = publishQos1(pub, next[0]);
                if (reason == 0) {
                    acknowledged.add(next[0]);
                }
                return reason == 0;
            });
            assertThat(linesOf("can write again, after")).as("lines saying the store recovered").hasSize(1);
        }
        assertThat(server.err()).as("no stack traces").noneMatch(l -> l.startsWith("\tat "));

        List<String> received = new CopyOnWriteArrayList<>();
        MqttClient subscriber = persistentSubscriber(port, received);
        Awaitility.await().atMost(WAIT).until(() -> received.containsAll(
                acknowledged.stream().map(String::valueOf).toList()));
        subscriber.disconnect();
        subscriber.close();
    }

    /** Sends PUBLISH QoS 1 of 8 KiB on {@code full/<id>}, returns its PUBACK's reason code. */
    private static int publishQos1(RawMqttClient pub, int id) {
        pub.send(publish("full/" + id, PAYLOAD).qos(1, id % 65_535 + 1).toBytes());
        Mqtt5Packet ack = Mqtt5Packet.parse(pub.readPacket(WAIT));
        assertThat(ack.type()).as("%s", ack).isEqualTo(Mqtt5Packet.PUBACK);
        return ack.reasonCode();
    }

    private List<String> linesOf(String text) {
        List<String> lines = new ArrayList<>(server.err());
        lines.addAll(server.out());
        return lines.stream().filter(l -> l.contains(text)).toList();
    }

    /** Writes {@code file} until the filesystem is full. */
    private static void fill(Path file) throws IOException {
        byte[] block = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(file)) {
            while (true) {
                out.write(block);
            }
        } catch (IOException full) {
            if (!String.valueOf(full.getMessage()).contains("No space left")) {
                throw full;
            }
        }
    }

    /** A persistent QoS 1 subscription to {@code full/#} that records the ids (topic levels) it receives. */
    private static MqttClient persistentSubscriber(int port, List<String> received) throws MqttException {
        MqttClient c = new MqttClient("tcp://127.0.0.1:" + port, "full-subscriber", new MemoryPersistence());
        c.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {}

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                received.add(topic.substring("full/".length()));
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {}
        });
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(false);
        c.connect(options);
        c.subscribe("full/#", 1);
        return c;
    }
}
