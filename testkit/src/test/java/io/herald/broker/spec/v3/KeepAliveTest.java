package io.herald.broker.spec.v3;

import static io.herald.broker.spec.SpecClients.clientId;
import static io.herald.broker.spec.SpecClients.connected;
import static io.herald.broker.spec.SpecClients.roundTrip;
import static io.herald.broker.spec.SpecClients.subscribed;
import static io.herald.broker.spec.SpecClients.topic;
import static io.herald.testkit.MqttPackets.connect;
import static org.assertj.core.api.Assertions.assertThat;

import io.herald.broker.spec.BrokerUnderTest;
import io.herald.broker.spec.EachProtocolLevel;
import io.herald.testkit.MqttPackets;
import io.herald.testkit.RawMqttClient;
import java.time.Duration;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Keep alive [MQTT-3.1.2-23], [MQTT-3.1.2-24], [MQTT-3.12.4-1], with a one-second keep alive. */
@Timeout(20)
class KeepAliveTest {

    @RegisterExtension
    static final BrokerUnderTest broker = BrokerUnderTest.create();

    @EachProtocolLevel
    void mqtt_3_1_2_24_silentForOneAndHalfKeepAlive_closedAndWillPublished(int level) {
        BrokerUnderTest.assumeNotMosquitto("mosquitto 2.0.11 checks keep alive on a coarse timer: ~5 s for 1 s");
        String will = topic("will");
        try (RawMqttClient sub = subscribed(broker.port(), level, will, 0);
                RawMqttClient silent = connected(broker.port(),
                        connect(level, clientId("silent")).keepAlive(1).will(will, "timeout", 0, false), false)) {
            long start = System.nanoTime();
            silent.expectNothing(Duration.ofMillis(1000)); // allowed a full keep alive
            silent.expectClosed(Duration.ofMillis(1500)); // 1.5 s plus scheduling slack
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2500));
            sub.expectPacket(MqttPackets.publish(will, "timeout").toBytes());
        }
    }

    @EachProtocolLevel
    void mqtt_3_1_2_23_pingreqWithinKeepAlive_keepsConnectionOpen(int level) {
        try (RawMqttClient c = connected(broker.port(), connect(level, clientId("pinger")).keepAlive(1), false)) {
            for (int i = 0; i < 6; i++) {
                c.expectNothing(Duration.ofMillis(500));
                roundTrip(c); // [MQTT-3.12.4-1]
            }
        }
    }
}
