package io.herald.broker.spec.v5;

import static io.herald.broker.spec.v5.V5Client.QUIET;
import static io.herald.broker.spec.v5.V5Client.clientId;
import static io.herald.broker.spec.v5.V5Client.connected;
import static io.herald.broker.spec.v5.V5Client.topic;
import static io.herald.testkit.Mqtt5Packets.connect;
import static io.herald.testkit.Mqtt5Packets.options;
import static io.herald.testkit.Mqtt5Packets.puback;
import static org.assertj.core.api.Assertions.assertThat;

import io.herald.broker.spec.SpecClients;
import io.herald.testkit.EmbeddedHerald;
import io.herald.testkit.Mqtt5Packet;
import io.herald.testkit.Mqtt5Properties;
import io.herald.testkit.MqttPackets;
import io.herald.testkit.RawMqttClient;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The outbound QoS 1 window of an MQTT 5 session is the client's Receive Maximum, whatever its size up
 * to 65,535 [MQTT-3.3.4-9] (the same limit the client keeps towards us [MQTT-3.3.4-7]); the operator's
 * {@code maxInflight} only caps it. Messages come from an MQTT 3.1.1 publisher, which the broker's own
 * Receive Maximum does not limit, so that hundreds can be sent at once.
 */
@Timeout(30)
class ReceiveMaximumWindowTest {

    private static final int OPERATOR_CAP = 4;

    @RegisterExtension
    static final EmbeddedHerald herald = EmbeddedHerald.create();

    @RegisterExtension
    static final EmbeddedHerald capped = EmbeddedHerald.create(c -> c.maxInflight(OPERATOR_CAP));

    @Test
    void mqtt_3_3_4_9_receiveMaximumOf200_exactly200Unacknowledged() {
        assertWindow(herald, Mqtt5Properties.of().receiveMaximum(200), 200);
    }

    @Test
    void mqtt_3_3_4_9_noReceiveMaximum_notLimitedToTheMqtt3Default() {
        // absent means 65,535 [MQTT5-3.1.2.11.3]: 1,500 (more than the 1,000 an MQTT 3 client gets) all
        // arrive before any acknowledgement
        String t = topic("rm-absent");
        try (V5Client sub = subscriber(herald, Mqtt5Properties.of(), t);
                RawMqttClient pub = SpecClients.connected(herald.mqttPort(), 4, clientId("pub"))) {
            pub.send(burst(t, 1_500));
            List<Mqtt5Packet> got = sub.expectPublishes(1_500);
            assertThat(got).extracting(Mqtt5Packet::payloadText).last().isEqualTo("m1499");
        }
    }

    @Test
    void mqtt_3_3_4_9_operatorCap_limitsALargerReceiveMaximum() {
        assertWindow(capped, Mqtt5Properties.of().receiveMaximum(100), OPERATOR_CAP);
    }

    /**
     * Publishes {@code window + 1} QoS 1 messages to a subscriber that acknowledges none: exactly
     * {@code window} arrive; one PUBACK lets exactly the next one through.
     */
    private static void assertWindow(EmbeddedHerald broker, Mqtt5Properties connectProps, int window) {
        String t = topic("rm-window");
        try (V5Client sub = subscriber(broker, connectProps, t);
                RawMqttClient pub = SpecClients.connected(broker.mqttPort(), 4, clientId("pub"))) {
            pub.send(burst(t, window + 1));
            List<Mqtt5Packet> inFlight = sub.expectPublishes(window);
            sub.expectNothing(QUIET);
            sub.send(puback(inFlight.getFirst().packetId()));
            assertThat(sub.expectPublish().payloadText()).isEqualTo("m" + window);
            sub.expectNothing(QUIET);
            assertThat(inFlight).extracting(Mqtt5Packet::payloadText)
                    .containsExactlyElementsOf(IntStream.range(0, window).mapToObj(i -> "m" + i).toList());
        }
    }

    private static V5Client subscriber(EmbeddedHerald broker, Mqtt5Properties connectProps, String filter) {
        V5Client sub = connected(broker.mqttPort(), connect(clientId("sub")).properties(connectProps));
        sub.subscribe(1, Mqtt5Properties.of(), filter, options(1, false, false, 0));
        return sub;
    }

    /** {@code n} QoS 1 PUBLISH packets m0, m1, ... from an MQTT 3.1.1 client. */
    static byte[][] burst(String topic, int n) {
        return IntStream.range(0, n)
                .mapToObj(i -> MqttPackets.publish(topic, "m" + i).qos(1, i + 1).toBytes())
                .toArray(byte[][]::new);
    }
}
