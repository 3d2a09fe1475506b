package io.herald.broker.limits;

import static io.herald.broker.spec.SpecClients.clientId;
import static io.herald.broker.spec.SpecClients.connected;
import static io.herald.broker.spec.SpecClients.topic;
import static io.herald.testkit.MqttPackets.MQTT_3_1_1;
import static io.herald.testkit.MqttPackets.connect;
import static io.herald.testkit.MqttPackets.publish;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.broker.codec.PartialPacketBudget;
import io.herald.testkit.EmbeddedHerald;
import io.herald.testkit.RawMqttClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Clients that send slowly cannot hold a connection or memory: the connect timeout counts from accept
 * [MQTT-3.1.4-1], the keep alive counts whole packets [MQTT-3.1.2-24], and incomplete large packets
 * share one budget ({@link PartialPacketBudget}).
 */
@Timeout(30)
class SlowSenderTest {

    private static final int MAX_PACKET = 1024 * 1024;

    @RegisterExtension
    static final EmbeddedHerald herald = EmbeddedHerald.create(c -> c
            .maxPacketSize(MAX_PACKET)
            .connectTimeout(Duration.ofSeconds(1)));

    @Test
    void mqtt_3_1_4_1_connectTrickledByteByByte_closedAtTheConnectTimeoutFromAccept() throws Exception {
        byte[] connect = connect(MQTT_3_1_1, clientId("trickle-connect")).toBytes(); // ~6 s at 5 bytes a second
        try (RawMqttClient c = RawMqttClient.connect(herald.mqttPort())) {
            long start = System.nanoTime();
            Thread writer = trickle(c, connect);
            c.expectClosed(Duration.ofSeconds(3)); // no CONNACK: CONNECT never completed in time
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2_000));
            writer.interrupt();
            writer.join();
        }
    }

    @Test
    void mqtt_3_1_2_24_publishTrickledAfterConnect_closedOneAndAHalfKeepAlivesAfterTheLastWholePacket()
            throws Exception {
        try (RawMqttClient c = connected(herald.mqttPort(),
                connect(MQTT_3_1_1, clientId("trickle-publish")).keepAlive(1), false)) {
            long start = System.nanoTime();
            byte[] slow = publish(topic("slow"), "x".repeat(100)).toBytes(); // ~20 s at 5 bytes a second
            Thread writer = trickle(c, slow);
            c.expectClosed(Duration.ofSeconds(4));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2_500));
            writer.interrupt();
            writer.join();
        }
    }

    @Test
    void largePacketsStillArriving_beyondTheBudget_theirConnectionsEnd() {
        PartialPacketBudget defaults = PartialPacketBudget.forMaxPacketSize(MAX_PACKET);
        int holders = (int) (defaults.limit() / MAX_PACKET) + 8;
        byte[] almostAll = Arrays.copyOf(publish(topic("big"), new byte[MAX_PACKET - 100]).toBytes(), MAX_PACKET - 200);
        List<RawMqttClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < holders; i++) {
                RawMqttClient c = connected(herald.mqttPort(), connect(MQTT_3_1_1, clientId("holder")), false);
                clients.add(c);
                try {
                    c.send(almostAll);
                } catch (RuntimeException closedByBroker) {
                    // ended while it was still sending: what the test expects of some
                }
            }
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                    herald.broker().metrics().gauge("herald.packets.partial.bytes")).isGreaterThan(defaults.limit() - MAX_PACKET));
            assertThat(herald.broker().metrics().gauge("herald.packets.partial.bytes")).isLessThanOrEqualTo(defaults.limit());
            long ended = clients.stream().filter(c -> {
                c.drain(Duration.ofMillis(50));
                return c.isClosed();
            }).count();
            assertThat(ended).isBetween(8L, 9L);
        } finally {
            clients.forEach(RawMqttClient::close);
        }
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(
                herald.broker().metrics().gauge("herald.packets.partial.bytes")).isZero());
    }

    /** Sends {@code bytes} one at a time, five a second, until done, interrupted or closed. */
    private static Thread trickle(RawMqttClient c, byte[] bytes) {
        return Thread.ofVirtual().start(() -> {
            try {
                for (byte b : bytes) {
                    c.send(new byte[] {b});
                    Thread.sleep(200);
                }
            } catch (InterruptedException | RuntimeException stopped) {
                // the test ended it, or the broker closed the connection
            }
        });
    }
}
