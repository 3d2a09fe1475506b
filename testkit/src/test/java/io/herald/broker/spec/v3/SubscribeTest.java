package io.herald.broker.spec.v3;

import static io.herald.broker.spec.SpecClients.CLOSE;
import static io.herald.broker.spec.SpecClients.QUIET;
import static io.herald.broker.spec.SpecClients.clientId;
import static io.herald.broker.spec.SpecClients.connected;
import static io.herald.broker.spec.SpecClients.subscribed;
import static io.herald.broker.spec.SpecClients.topic;
import static io.herald.testkit.MqttPackets.MQTT_3_1_1;
import static io.herald.testkit.MqttPackets.packet;
import static io.herald.testkit.MqttPackets.puback;
import static io.herald.testkit.MqttPackets.publish;
import static io.herald.testkit.MqttPackets.str;
import static io.herald.testkit.MqttPackets.suback;
import static io.herald.testkit.MqttPackets.subscribe;
import static io.herald.testkit.MqttPackets.u16;
import static io.herald.testkit.MqttPackets.u8;
import static io.herald.testkit.MqttPackets.unsuback;
import static io.herald.testkit.MqttPackets.unsubscribe;
import static org.assertj.core.api.Assertions.assertThat;

import io.herald.broker.spec.BrokerUnderTest;
import io.herald.broker.spec.EachProtocolLevel;
import io.herald.testkit.RawMqttClient;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** SUBSCRIBE, UNSUBSCRIBE and topic matching [MQTT-3.8], [MQTT-3.10], [MQTT-4.7]. */
@Timeout(20)
class SubscribeTest {

    @RegisterExtension
    static final BrokerUnderTest broker = BrokerUnderTest.create();

    @EachProtocolLevel
    void mqtt_3_8_4_5_severalFilters_oneSubackWithReturnCodesInOrder(int level) {
        String t = topic("multi");
        try (RawMqttClient c = connected(broker.port(), level, clientId("c"))) {
            c.send(subscribe(0x0102, new String[] {t + "/a", t + "/b", t + "/c"}, new int[] {2, 0, 1}))
                    .expectPacket(suback(0x0102, 2, 0, 1));
        }
    }

    @ParameterizedTest(name = "filter {0} receives {1}")
    @CsvSource({
        "a/b/c, a/b/c", "a/+/c, a/b/c", "a/+/c, a//c", "+/+/+, a/b/c", "a/#, a/b/c", "a/#, a",
        "#, a/b/c", "a/b/#, a/b", "+, a", "/+, /a", "+/b, /b"
    })
    void mqtt_4_7_1_wildcardFilter_receivesMatchingTopic(String filter, String name) {
        String prefix = topic("wild");
        try (RawMqttClient sub = subscribed(broker.port(), MQTT_3_1_1, prefix + "/" + filter, 0);
                RawMqttClient pub = connected(broker.port(), MQTT_3_1_1, clientId("pub"))) {
            pub.send(publish(prefix + "/" + name, "m").toBytes());
            // [MQTT-3.3.2-3] the topic name sent is the one published, not the filter
            sub.expectPacket(publish(prefix + "/" + name, "m").toBytes());
        }
    }

    @ParameterizedTest(name = "filter {0} does not receive {1}")
    @CsvSource({"a/+/c, a/b/c/d", "a/+, a", "a/b, a/B", "a/b/#, a/bc", "+/b, a/b/c", "a/+/c, a/b/d"})
    void mqtt_4_7_1_wildcardFilter_ignoresOtherTopics(String filter, String name) {
        String prefix = topic("nomatch");
        try (RawMqttClient sub = subscribed(broker.port(), MQTT_3_1_1, prefix + "/" + filter, 0);
                RawMqttClient pub = connected(broker.port(), MQTT_3_1_1, clientId("pub"))) {
            pub.send(publish(prefix + "/" + name, "m").toBytes());
            sub.expectNothing(QUIET);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"#", "+/x", "+/+"})
    void mqtt_4_7_2_1_leadingWildcard_doesNotMatchDollarTopic(String filter) {
        String dollar = "$herald-test/" + clientId("x");
        try (RawMqttClient wild = subscribed(broker.port(), MQTT_3_1_1, filter, 0);
                RawMqttClient exact = subscribed(broker.port(), MQTT_3_1_1, "$herald-test/+", 0);
                RawMqttClient pub = connected(broker.port(), MQTT_3_1_1, clientId("pub"))) {
            pub.send(publish(dollar, "m").toBytes());
            exact.expectPacket(publish(dollar, "m").toBytes());
            wild.expectNothing(QUIET);
        }
    }

    @Test
    void dollarSysTopicPublishedByClient_notDelivered() { // $SYS/ is reserved for the broker
        String sys = "$SYS/herald-test/" + clientId("x");
        try (RawMqttClient sub = subscribed(broker.port(), MQTT_3_1_1, sys, 0);
                RawMqttClient pub = connected(broker.port(), MQTT_3_1_1, clientId("pub"))) {
            pub.send(publish(sys, "fake").toBytes());
            sub.expectNothing(QUIET);
        }
    }

    @Test
    void mqtt_3_3_5_1_overlappingSubscriptions_oneCopyAtHighestQos() {
        BrokerUnderTest.assumeNotMosquitto("mosquitto 2 sends one copy per matching subscription");
        String t = topic("overlap");
        try (RawMqttClient sub = connected(broker.port(), MQTT_3_1_1, clientId("sub"));
                RawMqttClient pub = connected(broker.port(), MQTT_3_1_1, clientId("pub"))) {
            sub.send(subscribe(1, new String[] {t + "/+", t + "/#", t + "/x"}, new int[] {1, 0, 0}))
                    .expectPacket(suback(1, 1, 0, 0));
            pub.send(publish(t + "/x", "m").qos(2, 1).toBytes());
            sub.send(puback(sub.expectPublish(pid -> publish(t + "/x", "m").qos(1, pid).toBytes())))
                    .expectNothing(QUIET);
        }
    }

    @Test
    void mqtt_3_8_4_3_sameFilterAgain_replacesSubscriptionQos() {
        String t = topic("replace");
        try (RawMqttClient sub = subscribed(broker.port(), MQTT_3_1_1, t, 0);
                RawMqttClient pub = connected(broker.port(), MQTT_3_1_1, clientId("pub"))) {
            sub.send(subscribe(2, t, 1)).expectPacket(suback(2, 1));
            pub.send(publish(t, "m").qos(1, 1).toBytes()).expectPacket(puback(1));
            sub.send(puback(sub.expectPublish(pid -> publish(t, "m").qos(1, pid).toBytes())))
                    .expectNothing(QUIET);
        }
    }

    @EachProtocolLevel
    void mqtt_3_10_4_2_afterUnsubscribe_nothingDelivered(int level) {
        String t = topic("unsub");
        try (RawMqttClient sub = subscribed(broker.port(), level, t, 0);
                RawMqttClient pub = connected(broker.port(), level, clientId("pub"))) {
            sub.send(unsubscribe(0x0A0B, t)).expectPacket(unsuback(0x0A0B));
            pub.send(publish(t, "m").toBytes());
            sub.expectNothing(QUIET);
        }
    }

    @EachProtocolLevel
    void mqtt_3_10_4_5_unsubscribeUnknownFilter_stillUnsuback(int level) {
        try (RawMqttClient c = connected(broker.port(), level, clientId("c"))) {
            c.send(unsubscribe(77, topic("never"))).expectPacket(unsuback(77));
        }
    }

    @Test
    void mqtt_3_10_4_6_severalFilters_oneUnsubackAndAllRemoved() {
        String t = topic("unsub-many");
        try (RawMqttClient sub = connected(broker.port(), MQTT_3_1_1, clientId("sub"));
                RawMqttClient pub = connected(broker.port(), MQTT_3_1_1, clientId("pub"))) {
            sub.send(subscribe(1, new String[] {t + "/a", t + "/b", t + "/c"}, new int[] {0, 0, 0}))
                    .expectPacket(suback(1, 0, 0, 0))
                    .send(unsubscribe(2, t + "/a", t + "/b"))
                    .expectPacket(unsuback(2));
            pub.send(publish(t + "/a", "a").toBytes(), publish(t + "/b", "b").toBytes(), publish(t + "/c", "c").toBytes());
            sub.expectPacket(publish(t + "/c", "c").toBytes()).expectNothing(QUIET);
        }
    }

    @Test
    void mqtt_3_10_4_1_unsubscribe_comparesFiltersCharacterByCharacter() {
        String t = topic("exact");
        try (RawMqttClient sub = subscribed(broker.port(), MQTT_3_1_1, t + "/+", 0);
                RawMqttClient pub = connected(broker.port(), MQTT_3_1_1, clientId("pub"))) {
            sub.send(unsubscribe(2, t + "/x")).expectPacket(unsuback(2));
            pub.send(publish(t + "/x", "m").toBytes());
            sub.expectPacket(publish(t + "/x", "m").toBytes());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"a/#/b", "a#", "a/b#", "a+", "a/+b", "+a/b", ""})
    void mqtt_4_7_1_invalidFilter_refusedWith0x80OrClosed(String filter) {
        String t = topic("invalid");
        try (RawMqttClient c = connected(broker.port(), MQTT_3_1_1, clientId("c"))) {
            List<byte[]> replies = c.send(subscribe(1, new String[] {t, filter}, new int[] {0, 0})).drain(QUIET);
            if (!c.isClosed()) {
                assertThat(replies).hasSize(1);
                assertThat(Arrays.equals(replies.get(0), suback(1, 0, 0x80))).as("SUBACK 00 80").isTrue();
            }
        }
    }

    @Test
    void mqtt_3_8_1_1_subscribeWithoutFlags0010_closes() {
        try (RawMqttClient c = connected(broker.port(), MQTT_3_1_1, clientId("c"))) {
            c.send(packet(0x80,             // SUBSCRIBE with flags 0000
                    u16(1),                 // packet id
                    str(topic("f")), u8(0))) // filter, QoS 0
                    .expectClosed(CLOSE);
        }
    }

    @Test
    void mqtt_3_10_1_1_unsubscribeWithoutFlags0010_closes() {
        try (RawMqttClient c = connected(broker.port(), MQTT_3_1_1, clientId("c"))) {
            c.send(packet(0xA0,        // UNSUBSCRIBE with flags 0000
                    u16(1),            // packet id
                    str(topic("f")))) // filter
                    .expectClosed(CLOSE);
        }
    }

    @Test // MQTT 3.1 states no rule for it; mosquitto answers an empty SUBACK there
    void mqtt_3_8_3_3_subscribeWithoutFilters_closes() {
        try (RawMqttClient c = connected(broker.port(), MQTT_3_1_1, clientId("c"))) {
            c.send(packet(0x82, u16(1))) // SUBSCRIBE, packet id, no payload
                    .expectClosed(CLOSE);
        }
    }

    @Test
    void mqtt_3_10_3_2_unsubscribeWithoutFilters_closes() {
        try (RawMqttClient c = connected(broker.port(), MQTT_3_1_1, clientId("c"))) {
            c.send(packet(0xA2, u16(1))) // UNSUBSCRIBE, packet id, no payload
                    .expectClosed(CLOSE);
        }
    }

    @ParameterizedTest(name = "requested QoS byte {0}")
    @ValueSource(ints = {3, 0x04})
    void mqtt_3_8_3_4_requestedQosInvalidOrReservedBitsSet_closes(int qosByte) {
        try (RawMqttClient c = connected(broker.port(), MQTT_3_1_1, clientId("c"))) {
            c.send(subscribe(1, topic("f"), qosByte)).expectClosed(CLOSE);
        }
    }

    @Test
    void mqtt_3_8_3_4_requestedQosWithHighReservedBitSet_closes() {
        try (RawMqttClient c = connected(broker.port(), MQTT_3_1_1, clientId("c"))) {
            c.send(subscribe(1, topic("f"), 0x81)).expectClosed(CLOSE);
        }
    }

    @Test
    void mqtt_2_3_1_1_subscribeWithPacketId0_closes() {
        try (RawMqttClient c = connected(broker.port(), MQTT_3_1_1, clientId("c"))) {
            c.send(subscribe(0, topic("f"), 0)).expectClosed(CLOSE);
        }
    }
}
