package io.herald.broker.limits;

import static io.herald.testkit.MqttPackets.connack;
import static io.herald.testkit.MqttPackets.connect;
import static io.herald.testkit.MqttPackets.puback;
import static io.herald.testkit.MqttPackets.publish;
import static io.herald.testkit.MqttPackets.publishPacketId;
import static io.herald.testkit.MqttPackets.publishPayload;
import static io.herald.testkit.MqttPackets.suback;
import static io.herald.testkit.MqttPackets.subscribe;
import static org.assertj.core.api.Assertions.assertThat;

import io.herald.testkit.EmbeddedHerald;
import io.herald.testkit.RawMqttClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A connection is accepted onto any event loop and moves to its session's loop at CONNECT; the packets
 * that arrive with the CONNECT, read before the move, are handled after it, in order. With four loops,
 * most of these clients move: each sends CONNECT, SUBSCRIBE and 50 QoS 1 PUBLISH packets to its own
 * topic in one write, and must get CONNACK, SUBACK, every PUBACK in order and every message back in
 * order [MQTT-4.6.0-2] [MQTT-4.6.0-3].
 */
@Timeout(60)
class ConnectMoveTest {

    private static final int CLIENTS = 24;
    private static final int MESSAGES = 50;

    @RegisterExtension
    static final EmbeddedHerald herald = EmbeddedHerald.create(b -> b.workerThreads(4));

    @Test
    void packetsSentWithConnect_handledInOrderAfterTheMove() {
        for (int c = 0; c < CLIENTS; c++) {
            String topic = "move/" + c;
            List<byte[]> wire = new ArrayList<>();
            wire.add(connect(4, "mover-" + c).toBytes());
            wire.add(subscribe(1, topic, 1));
            for (int i = 1; i <= MESSAGES; i++) {
                wire.add(publish(topic, "m" + i).qos(1, i).toBytes());
            }
            try (RawMqttClient client = RawMqttClient.connect(herald.mqttPort())) {
                client.send(wire.toArray(byte[][]::new))
                        .expectPacket(connack(false, 0))
                        .expectPacket(suback(1, 1));
                List<Integer> acked = new ArrayList<>();
                List<String> received = new ArrayList<>();
                while (acked.size() + received.size() < 2 * MESSAGES) {
                    byte[] p = client.readPacket(Duration.ofSeconds(5));
                    if ((p[0] & 0xF0) == 0x40) {
                        acked.add(((p[2] & 0xFF) << 8) | (p[3] & 0xFF));
                    } else {
                        assertThat(p[0] & 0xF0).as("packet type").isEqualTo(0x30);
                        received.add(new String(publishPayload(p), StandardCharsets.UTF_8));
                        client.send(puback(publishPacketId(p)));
                    }
                }
                assertThat(acked).as("PUBACKs of %s", topic)
                        .containsExactlyElementsOf(IntStream.rangeClosed(1, MESSAGES).boxed().toList());
                assertThat(received).as("messages on %s", topic)
                        .containsExactlyElementsOf(IntStream.rangeClosed(1, MESSAGES).mapToObj(i -> "m" + i).toList());
            }
        }
    }
}
