package io.herald.broker.limits;

import static io.herald.broker.spec.SpecClients.clientId;
import static io.herald.broker.spec.SpecClients.connected;
import static io.herald.broker.spec.SpecClients.topic;
import static io.herald.testkit.MqttPackets.connect;
import static io.herald.testkit.MqttPackets.puback;
import static io.herald.testkit.MqttPackets.publish;
import static io.herald.testkit.MqttPackets.suback;
import static io.herald.testkit.MqttPackets.subscribe;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.broker.SessionInfo;
import io.herald.testkit.EmbeddedHerald;
import io.herald.testkit.RawMqttClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A large in-flight window (1,000 for an MQTT 3 client, up to 65,535 for MQTT 5) must not pile encoded
 * messages up in the outbound buffer of a subscriber that does not read: QoS 1 messages are sent only
 * while its connection is writable, the rest wait in the session's bounded queue. Seen from the client:
 * after a reconnect, only what had been sent comes again with DUP set [MQTT-4.4.0-1]; the queued rest
 * comes as first deliveries.
 */
@Timeout(60)
class SlowSubscriberWindowTest {

    private static final int MESSAGES = 1_500;
    private static final int PAYLOAD_BYTES = 16 * 1024;

    @RegisterExtension
    static final EmbeddedHerald herald = EmbeddedHerald.create();

    @Test
    void subscriberNotReading_qos1WaitsInTheQueueOnceItsConnectionIsFull() {
        String t = topic("slow");
        String subId = clientId("slow-sub");
        RawMqttClient sub = connected(herald.mqttPort(), connect(4, subId).clean(false), false);
        sub.send(subscribe(1, t, 1)).expectPacket(suback(1, 1));
        try (RawMqttClient pub = connected(herald.mqttPort(), 4, clientId("pub"))) {
            pub.send(IntStream.range(0, MESSAGES)
                    .mapToObj(i -> publish(t, payload(i)).qos(1, i + 1).toBytes())
                    .toArray(byte[][]::new));
            await().atMost(Duration.ofSeconds(20)).until(() -> waiting(subId) == MESSAGES);
        }
        sub.close(); // gone without reading anything

        try (RawMqttClient back = connected(herald.mqttPort(), connect(4, subId).clean(false), true)) {
            TreeSet<Integer> received = new TreeSet<>();
            int resent = 0;
            for (int n = 0; n < MESSAGES; n++) {
                byte[] packet = back.readPacket(Duration.ofSeconds(10));
                assertThat(packet[0] & 0xF6).as("a QoS 1 PUBLISH").isEqualTo(0x32);
                resent += (packet[0] & 0x08) != 0 ? 1 : 0;
                int at = 1;
                while ((packet[at++] & 0x80) != 0) {
                    // remaining length bytes
                }
                int topicLength = ((packet[at] & 0xFF) << 8) | (packet[at + 1] & 0xFF);
                at += 2 + topicLength;
                int packetId = ((packet[at] & 0xFF) << 8) | (packet[at + 1] & 0xFF);
                String body = new String(packet, at + 2, packet.length - at - 2, StandardCharsets.US_ASCII);
                received.add(Integer.parseInt(body.substring(0, body.indexOf(':'))));
                back.send(puback(packetId));
            }
            assertThat(received).hasSize(MESSAGES);
            // a window of 1,000 filled regardless of the socket would resend all 1,000 with DUP
            assertThat(resent).isPositive().isLessThan(1_000);
        }
    }

    private static long waiting(String clientId) {
        Optional<SessionInfo> info = herald.broker().session(clientId).toCompletableFuture().join();
        return info.map(SessionInfo::queued).orElse(0L);
    }

    private static byte[] payload(int i) {
        byte[] p = new byte[PAYLOAD_BYTES];
        Arrays.fill(p, (byte) 'x');
        byte[] head = (i + ":").getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(head, 0, p, 0, head.length);
        return p;
    }
}
