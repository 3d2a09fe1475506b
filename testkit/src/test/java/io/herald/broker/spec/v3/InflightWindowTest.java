package io.herald.broker.spec.v3;

import static io.herald.broker.spec.SpecClients.QUIET;
import static io.herald.broker.spec.SpecClients.clientId;
import static io.herald.broker.spec.SpecClients.connected;
import static io.herald.broker.spec.SpecClients.subscribed;
import static io.herald.broker.spec.SpecClients.topic;
import static io.herald.testkit.MqttPackets.puback;
import static io.herald.testkit.MqttPackets.publish;

import io.herald.broker.spec.BrokerUnderTest;
import io.herald.broker.spec.EachProtocolLevel;
import io.herald.testkit.RawMqttClient;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The outbound QoS 1 window of an MQTT 3.1/3.1.1 client, which cannot state a Receive Maximum: Herald
 * keeps at most 1,000 messages unacknowledged (docs/architecture.md says why), the rest waits in the
 * session's queue and follows each PUBACK in order [MQTT-4.6.0-2].
 */
@Timeout(30)
class InflightWindowTest {

    private static final int MQTT3_WINDOW = 1_000;

    @RegisterExtension
    static final BrokerUnderTest broker = BrokerUnderTest.create();

    @EachProtocolLevel
    void qos1ToMqtt3Subscriber_atMostTheDefaultWindowUnacknowledged(int level) {
        BrokerUnderTest.assumeNotMosquitto("Herald's default window for MQTT 3 clients (Mosquitto's is 20)");
        String t = topic("window");
        try (RawMqttClient sub = subscribed(broker.port(), level, t, 1);
                RawMqttClient pub = connected(broker.port(), level, clientId("pub"))) {
            pub.send(IntStream.rangeClosed(0, MQTT3_WINDOW)
                    .mapToObj(i -> publish(t, "m" + i).qos(1, i + 1).toBytes())
                    .toArray(byte[][]::new));
            int first = 0;
            for (int i = 0; i < MQTT3_WINDOW; i++) {
                String payload = "m" + i;
                int id = sub.expectPublish(pid -> publish(t, payload).qos(1, pid).toBytes());
                first = i == 0 ? id : first;
            }
            sub.expectNothing(QUIET);
            sub.send(puback(first));
            sub.expectPublish(pid -> publish(t, "m" + MQTT3_WINDOW).qos(1, pid).toBytes());
            sub.expectNothing(QUIET);
        }
    }
}
