package io.herald.broker.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.herald.broker.BrokerHealth;
import io.herald.broker.store.rocks.Durability;
import io.herald.broker.store.rocks.RocksStore;
import io.herald.testkit.EmbeddedHerald;
import io.herald.testkit.Mqtt5Packet;
import io.herald.testkit.Mqtt5Packets;
import io.herald.testkit.Mqtt5Properties;
import io.herald.testkit.MqttPackets;
import io.herald.testkit.RawMqttClient;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

/**
 * A full disk under the RocksDB store: the data directory is a 16 MB tmpfs mounted for the test (as
 * root; the test is skipped, saying so, where mounting is impossible), filled by a file until a
 * durable write fails, then freed. While it is full, durable traffic is refused visibly (MQTT 5 PUBACK
 * 0x97 with a reason string, MQTT 3 publishers disconnected, CONNACK 0x88 / 0x03 for CONNECTs that
 * need the store), the broker reports it ({@code Broker.health()}, {@code herald.store.writable}, one
 * log line), QoS 0 on clean sessions still works; once space is free it resumes without a restart,
 * and the persistent subscriber gets every message that was acknowledged, before and after.
 */
@Timeout(120)
class DiskFullIT {

    private static final int PAYLOAD = 8 * 1024;

    private Path mount;
    private EmbeddedHerald herald;
    private final List<String> storeLog = new CopyOnWriteArrayList<>();
    private final AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {
        @Override
        protected void append(ILoggingEvent e) {
            storeLog.add(e.getLevel() + " " + e.getFormattedMessage());
        }
    };

    @BeforeEach
    void mountSmallDisk() throws Exception {
        mount = Files.createTempDirectory("herald-full");
        Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", mount.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        boolean mounted = p.waitFor() == 0;
        if (!mounted) {
            Files.deleteIfExists(mount);
        }
        Assumptions.assumeTrue(mounted, "cannot mount a 16 MB tmpfs for the full-disk test (needs root): " + out);
        appender.start();
        ((Logger) LoggerFactory.getLogger("io.herald.broker.store")).addAppender(appender);
        Path dir = mount.resolve("store");
        herald = EmbeddedHerald.create().store(() -> RocksStore.open(dir, Durability.SYNC, Clock.systemUTC()));
        herald.start();
    }

    @AfterEach
    void unmount() throws Exception {
        ((Logger) LoggerFactory.getLogger("io.herald.broker.store")).detachAppender(appender);
        if (herald != null) {
            herald.stop();
        }
        if (mount != null && Files.exists(mount)) {
            new ProcessBuilder("umount", mount.toString()).inheritIO().start().waitFor();
            Files.deleteIfExists(mount);
        }
    }

    @Test
    void diskFull_durableTrafficRefusedVisibly_thenResumesOnceFreed_nothingAcknowledgedLost() throws Exception {
        int port = herald.mqttPort();
        goOffline(port, "keeper");
        Path filler = mount.resolve("filler");
        Set<String> acknowledged = new HashSet<>();
        try (RawMqttClient pub = v5(port, Mqtt5Packets.connect("pub"))) {
            fill(filler);
            Mqtt5Packet refused = null;
            for (int i = 1; refused == null && i <= 5_000; i++) {
                Mqtt5Packet ack = Mqtt5Packet.parse(pub.send(publish("m" + i, i)).readPacket(Duration.ofSeconds(5)));
                assertThat(ack.type()).isEqualTo(Mqtt5Packet.PUBACK);
                if (ack.reasonCode() == 0) {
                    acknowledged.add("m" + i);
                } else {
                    refused = ack;
                }
            }
            assertThat(refused).as("a PUBACK refusing a message once the disk is full").isNotNull();
            assertThat(refused.reasonCode()).isEqualTo(0x97);
            assertThat(refused.properties().string(Mqtt5Properties.REASON_STRING)).contains("No space left");
            // RocksDB frees the unused end of its log when a write fails, and may write there again: take
            // that space too, until a message is refused with the disk full to the last byte
            for (int i = 5_001; herald.broker().health().storeWritable() || refused.reasonCode() == 0; i++) {
                assertThat(i).as("the store keeps writing on a full disk").isLessThan(10_000);
                fill(filler);
                refused = Mqtt5Packet.parse(pub.send(publish("m" + i, i)).readPacket(Duration.ofSeconds(5)));
                if (refused.reasonCode() == 0) {
                    acknowledged.add("m" + i);
                }
            }
            BrokerHealth health = herald.broker().health();
            assertThat(health.storeWritable()).isFalse();
            assertThat(health.reason()).contains("No space left");
            assertThat(metric("herald.store.writable")).isZero();

            // MQTT 3 publishers are disconnected; CONNECTs that need the store are refused
            try (RawMqttClient v3 = v3(port, "pub3")) {
                v3.send(MqttPackets.publish("full/v3", "x").qos(1, 1).toBytes()).expectClosed(Duration.ofSeconds(5));
            }
            expectConnack(port, Mqtt5Packets.connect("late").sessionExpiry(600).toBytes(), 0x88);
            expectConnack(port, MqttPackets.connect(MqttPackets.MQTT_3_1_1, "late3").clean(false).toBytes(), 0x03);
            // clean sessions and QoS 0 need no store
            try (RawMqttClient clean = v3(port, "clean")) {
                clean.send(MqttPackets.pingreq()).expectPacket(MqttPackets.pingresp());
            }

            Files.delete(filler);
            await().atMost(Duration.ofSeconds(10)).until(() -> herald.broker().health().storeWritable());
            assertThat(metric("herald.store.writable")).isEqualTo(1);
            for (int i = 10_001; i <= 10_010; i++) {
                Mqtt5Packet ack = Mqtt5Packet.parse(pub.send(publish("n" + i, i)).readPacket(Duration.ofSeconds(5)));
                assertThat(ack.reasonCode()).as("PUBACK after the disk was freed").isZero();
                acknowledged.add("n" + i);
            }
        }
        // a message refused in the loop turn whose store write failed stays in that turn's batch and may
        // arrive too, like any QoS 1 message its publisher sends again: nothing acknowledged is missing
        assertThat(receiveAll(port, "keeper", acknowledged)).containsAll(acknowledged);
        // one line when writes start failing and one when they work again, not one per refused message
        long failures = storeLog.stream().filter(l -> l.startsWith("ERROR")).count();
        long recoveries = storeLog.stream().filter(l -> l.contains("can write again")).count();
        assertThat(failures).isBetween(1L, 2L).isEqualTo(recoveries);
        assertThat(storeLog).allMatch(l -> !l.contains("Exception"));
    }

    private static byte[] publish(String payload, int packetId) {
        byte[] body = new byte[PAYLOAD];
        byte[] text = payload.getBytes();
        System.arraycopy(text, 0, body, 0, text.length);
        return Mqtt5Packets.publish("full/" + payload, body).qos(1, packetId % 65_535 + 1).toBytes();
    }

    private static String payloadText(Mqtt5Packet p) {
        int end = 0;
        while (end < p.payload().length && p.payload()[end] != 0) {
            end++;
        }
        return new String(p.payload(), 0, end);
    }

    /** A persistent session subscribed to full/# at QoS 1, offline. */
    private static void goOffline(int port, String clientId) {
        try (RawMqttClient c = v5(port, Mqtt5Packets.connect(clientId).sessionExpiry(3_600))) {
            c.send(Mqtt5Packets.subscribe(1, "full/#", 1));
            assertThat(Mqtt5Packet.parse(c.readPacket(Duration.ofSeconds(5))).type()).isEqualTo(Mqtt5Packet.SUBACK);
            c.send(Mqtt5Packets.disconnect()).expectClosed(Duration.ofSeconds(5));
        }
    }

    /** Receives until every message of {@code expected} came; fails after 10 s without a message. */
    private static List<String> receiveAll(int port, String clientId, Set<String> expected) {
        List<String> got = new ArrayList<>();
        try (RawMqttClient c = v5(port, Mqtt5Packets.connect(clientId).cleanStart(false).sessionExpiry(3_600))) {
            while (!got.containsAll(expected)) {
                Mqtt5Packet p = Mqtt5Packet.parse(c.readPacket(Duration.ofSeconds(10)));
                assertThat(p.type()).isEqualTo(Mqtt5Packet.PUBLISH);
                got.add(payloadText(p));
                c.send(Mqtt5Packets.puback(p.packetId()));
            }
        }
        return got;
    }

    private static RawMqttClient v5(int port, Mqtt5Packets.Connect connect) {
        RawMqttClient c = RawMqttClient.connect(port);
        Mqtt5Packet ack = Mqtt5Packet.parse(c.send(connect.toBytes()).readPacket(Duration.ofSeconds(5)));
        assertThat(ack.reasonCode()).as("CONNACK").isZero();
        return c;
    }

    private static RawMqttClient v3(int port, String clientId) {
        RawMqttClient c = RawMqttClient.connect(port);
        return c.send(MqttPackets.connect(MqttPackets.MQTT_3_1_1, clientId).toBytes())
                .expectPacket(MqttPackets.connack(false, 0));
    }

    private static void expectConnack(int port, byte[] connect, int reasonCode) {
        try (RawMqttClient c = RawMqttClient.connect(port)) {
            Mqtt5Packet ack = Mqtt5Packet.parse(c.send(connect).readPacket(Duration.ofSeconds(5)));
            assertThat(ack.type()).isEqualTo(Mqtt5Packet.CONNACK);
            assertThat(ack.reasonCode()).as("CONNACK code").isEqualTo(reasonCode); // the MQTT 3 return code too
            c.expectClosed(Duration.ofSeconds(5));
        }
    }

    private double metric(String name) {
        return herald.broker().metrics().gauge(name);
    }

    /** Writes {@code filler} until the file system has no space left. */
    private static void fill(Path filler) throws IOException {
        byte[] chunk = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(filler, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            while (true) {
                out.write(chunk);
            }
        } catch (IOException full) {
            assertThat(full.getMessage()).contains("No space left");
        }
    }
}
