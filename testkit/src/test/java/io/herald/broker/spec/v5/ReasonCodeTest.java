package io.herald.broker.spec.v5;

import static io.herald.broker.spec.v5.V5Client.clientId;
import static io.herald.broker.spec.v5.V5Client.connected;
import static io.herald.broker.spec.v5.V5Client.subscribed;
import static io.herald.broker.spec.v5.V5Client.topic;
import static io.herald.testkit.Mqtt5Packet.PUBACK;
import static io.herald.testkit.Mqtt5Packet.PUBCOMP;
import static io.herald.testkit.Mqtt5Packet.PUBREC;
import static io.herald.testkit.Mqtt5Packet.PUBREL;
import static io.herald.testkit.Mqtt5Packet.SUBACK;
import static io.herald.testkit.Mqtt5Packet.UNSUBACK;
import static io.herald.testkit.Mqtt5Packets.connect;
import static io.herald.testkit.Mqtt5Packets.options;
import static io.herald.testkit.Mqtt5Packets.puback;
import static io.herald.testkit.Mqtt5Packets.pubcomp;
import static io.herald.testkit.Mqtt5Packets.publish;
import static io.herald.testkit.Mqtt5Packets.pubrec;
import static io.herald.testkit.Mqtt5Packets.pubrel;
import static io.herald.testkit.Mqtt5Packets.subscribe;
import static io.herald.testkit.Mqtt5Packets.unsubscribe;
import static org.assertj.core.api.Assertions.assertThat;

import io.herald.broker.auth.Authorizer;
import io.herald.broker.auth.ClientIdentity;
import io.herald.testkit.EmbeddedHerald;
import io.herald.testkit.Mqtt5Packet;
import io.herald.testkit.Mqtt5Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Reason codes on acknowledgements [MQTT-3.4.2.1], [MQTT-3.5.2.1], [MQTT-3.7.2.1], [MQTT-3.9.3],
 * [MQTT-3.11.3]: no matching subscribers, not authorized, topic filter invalid, no subscription
 * existed, packet identifier not found. The authorizer refuses every topic with a {@code denied} level.
 */
@Timeout(20)
class ReasonCodeTest {

    @RegisterExtension
    static final EmbeddedHerald herald = EmbeddedHerald.create().authorizer(new Authorizer() {
        @Override
        public boolean canPublish(ClientIdentity client, String topic) {
            return !topic.contains("/denied");
        }

        @Override
        public boolean canSubscribe(ClientIdentity client, String filter) {
            return !filter.contains("/denied");
        }
    });

    @Test
    void mqtt_3_4_2_1_qos1WithoutSubscribers_puback0x10() {
        try (V5Client pub = connected(herald.mqttPort(), clientId("pub"))) {
            Mqtt5Packet ack = pub.send(publish(topic("nobody"), "x").qos(1, 3).toBytes()).expect(PUBACK);
            assertThat(ack.packetId()).isEqualTo(3);
            assertThat(ack.reasonCode()).isEqualTo(0x10);
        }
    }

    @Test
    void mqtt_3_4_2_1_qos1WithSubscriber_puback0x00() {
        String t = topic("somebody");
        try (V5Client sub = subscribed(herald.mqttPort(), t, options(0, false, false, 0));
                V5Client pub = connected(herald.mqttPort(), clientId("pub"))) {
            assertThat(pub.send(publish(t, "x").qos(1, 4).toBytes()).expect(PUBACK).reasonCode()).isZero();
            sub.expectPublish();
        }
    }

    @Test
    void mqtt_3_5_2_1_qos2WithoutSubscribers_pubrec0x10ThenFlowCompletes() {
        try (V5Client pub = connected(herald.mqttPort(), clientId("pub"))) {
            assertThat(pub.send(publish(topic("nobody"), "x").qos(2, 5).toBytes()).expect(PUBREC).reasonCode())
                    .isEqualTo(0x10);
            Mqtt5Packet comp = pub.send(pubrel(5)).expect(PUBCOMP);
            assertThat(comp.packetId()).isEqualTo(5);
            assertThat(comp.reasonCode()).isZero();
        }
    }

    @Test
    void mqtt_3_4_2_1_qos1NotAuthorized_puback0x87AndNotForwarded() {
        String t = topic("x") + "/denied";
        try (V5Client pub = connected(herald.mqttPort(), clientId("pub"))) {
            assertThat(pub.send(publish(t, "x").qos(1, 1).toBytes()).expect(PUBACK).reasonCode()).isEqualTo(0x87);
            pub.roundTrip(); // the connection goes on
        }
    }

    @Test
    void mqtt_3_5_2_1_qos2NotAuthorized_pubrec0x87() {
        try (V5Client pub = connected(herald.mqttPort(), clientId("pub"))) {
            assertThat(pub.send(publish(topic("x") + "/denied", "x").qos(2, 1).toBytes()).expect(PUBREC)
                    .reasonCode()).isEqualTo(0x87);
        }
    }

    @Test
    void mqtt_3_1_2_29_requestProblemInformation0_noReasonStringOnPuback() {
        Mqtt5Properties quiet = Mqtt5Properties.of().requestProblemInformation(0);
        try (V5Client pub = connected(herald.mqttPort(), connect(clientId("pub")).properties(quiet))) {
            Mqtt5Packet ack = pub.send(publish(topic("x") + "/denied", "x").qos(1, 1).toBytes()).expect(PUBACK);
            assertThat(ack.reasonCode()).isEqualTo(0x87);
            assertThat(ack.properties().has(Mqtt5Properties.REASON_STRING)).isFalse();
            assertThat(ack.properties().has(Mqtt5Properties.USER_PROPERTY)).isFalse();
        }
    }

    @Test
    void mqtt_3_9_3_subscribe_reasonCodePerFilterInOrder() {
        String t = topic("filters");
        String[] filters = {t + "/ok", t + "/denied", t + "/#/bad", t + "/q2"};
        int[] options = {options(1, false, false, 0), options(0, false, false, 0), options(0, false, false, 0),
            options(2, false, false, 0)};
        try (V5Client sub = connected(herald.mqttPort(), clientId("sub"))) {
            Mqtt5Packet ack = sub.send(subscribe(9, Mqtt5Properties.of(), filters, options)).expect(SUBACK);
            assertThat(ack.packetId()).isEqualTo(9);
            // granted QoS 1, 0x87 not authorized, 0x8F topic filter invalid, granted QoS 2
            assertThat(ack.reasonCodes()).containsExactly(0x01, 0x87, 0x8F, 0x02);
            sub.roundTrip(); // the connection goes on
        }
    }

    @Test
    void mqtt_3_11_3_unsubscribe_0x00ForSubscriptionAnd0x11ForNone() {
        String t = topic("unsub");
        try (V5Client sub = subscribed(herald.mqttPort(), t, options(0, false, false, 0))) {
            Mqtt5Packet ack = sub.send(unsubscribe(4, t, t + "/never")).expect(UNSUBACK);
            assertThat(ack.packetId()).isEqualTo(4);
            assertThat(ack.reasonCodes()).containsExactly(0x00, 0x11);
            Mqtt5Packet again = sub.send(unsubscribe(5, t)).expect(UNSUBACK);
            assertThat(again.reasonCodes()).containsExactly(0x11);
        }
    }

    @Test
    void mqtt_3_7_2_1_pubrelForUnknownPacketId_pubcomp0x92() {
        try (V5Client pub = connected(herald.mqttPort(), clientId("pub"))) {
            Mqtt5Packet comp = pub.send(pubrel(77)).expect(PUBCOMP);
            assertThat(comp.packetId()).isEqualTo(77);
            assertThat(comp.reasonCode()).isEqualTo(0x92);
        }
    }

    @Test
    void mqtt_4_3_3_qos2Flow_pubcomp0x00ThenSameIdUsableAgain() {
        String t = topic("q2");
        try (V5Client sub = subscribed(herald.mqttPort(), t, options(2, false, false, 0));
                V5Client pub = connected(herald.mqttPort(), clientId("pub"))) {
            for (int round = 0; round < 2; round++) {
                assertThat(pub.send(publish(t, "r" + round).qos(2, 1).toBytes()).expect(PUBREC).reasonCode())
                        .isZero();
                assertThat(pub.send(pubrel(1)).expect(PUBCOMP).reasonCode()).isZero();
                Mqtt5Packet p = sub.expectPublish();
                assertThat(p.payloadText()).isEqualTo("r" + round);
                sub.send(pubrec(p.packetId())).expect(PUBREL);
                sub.send(pubcomp(p.packetId()));
            }
        }
    }

    @Test
    void mqtt_3_4_2_1_pubackFromSubscriberWithErrorCode_accepted() {
        String t = topic("suberr");
        try (V5Client sub = subscribed(herald.mqttPort(), t, options(1, false, false, 0));
                V5Client pub = connected(herald.mqttPort(), clientId("pub"))) {
            pub.send(publish(t, "x").qos(1, 1).toBytes()).expect(PUBACK);
            sub.send(puback(sub.expectPublish().packetId(), 0x83, Mqtt5Properties.of().reasonString("no")));
            sub.roundTrip();
        }
    }
}
