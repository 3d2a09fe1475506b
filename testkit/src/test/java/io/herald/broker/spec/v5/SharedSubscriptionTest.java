package io.herald.broker.spec.v5;

import static io.herald.broker.spec.v5.V5Client.QUIET;
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

import io.herald.testkit.EmbeddedHerald;
import io.herald.testkit.Mqtt5Packet;
import io.herald.testkit.Mqtt5Properties;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Shared subscriptions {@code $share/{group}/{filter}} [MQTT-4.8.2]: each message goes to one member
 * of a group, no retained messages on subscribe, No Local is a protocol error, and what happens to a
 * message in flight to a member whose connection ends.
 */
@Timeout(20)
class SharedSubscriptionTest {

    @RegisterExtension
    static final EmbeddedHerald herald = EmbeddedHerald.create();

    @Test
    void mqtt_4_8_2_eachMessageToExactlyOneMemberOfTheGroup() {
        String t = topic("work");
        try (V5Client a = subscribed(herald.mqttPort(), "$share/g/" + t, options(0, false, false, 0));
                V5Client b = subscribed(herald.mqttPort(), "$share/g/" + t, options(0, false, false, 0));
                V5Client pub = connected(herald.mqttPort(), clientId("pub"))) {
            for (int i = 0; i < 6; i++) {
                pub.send(publish(t, "m" + i).toBytes());
            }
            pub.roundTrip();
            List<String> got = new ArrayList<>();
            a.drain().forEach(p -> got.add(p.payloadText()));
            b.drain().forEach(p -> got.add(p.payloadText()));
            assertThat(got).containsExactlyInAnyOrder("m0", "m1", "m2", "m3", "m4", "m5");
        }
    }

    @Test
    void mqtt_4_8_2_groupsAndPlainSubscribers_eachGetEveryMessageOnce() {
        String t = topic("fan");
        try (V5Client g1 = subscribed(herald.mqttPort(), "$share/one/" + t, options(0, false, false, 0));
                V5Client g2 = subscribed(herald.mqttPort(), "$share/two/" + t, options(0, false, false, 0));
                V5Client plain = subscribed(herald.mqttPort(), t, options(0, false, false, 0));
                V5Client pub = connected(herald.mqttPort(), clientId("pub"))) {
            pub.send(publish(t, "1").toBytes(), publish(t, "2").toBytes());
            for (V5Client c : new V5Client[] {g1, g2, plain}) {
                assertThat(c.drain()).extracting(Mqtt5Packet::payloadText).containsExactly("1", "2");
            }
        }
    }

    @Test
    void mqtt_4_8_2_3_sharedSubscription_grantedQosRespected() {
        String t = topic("qos");
        try (V5Client member = subscribed(herald.mqttPort(), "$share/q/" + t, options(1, false, false, 0));
                V5Client pub = connected(herald.mqttPort(), clientId("pub"))) {
            pub.send(publish(t, "q2").qos(2, 1).toBytes()).expect(PUBREC);
            Mqtt5Packet p = member.expectPublish();
            assertThat(p.qos()).isEqualTo(1);
            member.send(puback(p.packetId()));
        }
    }

    @Test
    void mqtt_3_3_4_3_sharedSubscriptionIdentifier_deliveredWithMessage() {
        String t = topic("shareid");
        try (V5Client member = connected(herald.mqttPort(), clientId("member"));
                V5Client pub = connected(herald.mqttPort(), clientId("pub"))) {
            member.subscribe(1, Mqtt5Properties.of().subscriptionId(11), "$share/id/" + t, options(0, false, false, 0));
            pub.send(publish(t, "m").toBytes());
            assertThat(member.expectPublish().properties().subscriptionIds()).containsExactly(11L);
        }
    }

    @Test
    void mqtt_3_10_4_unsubscribeSharedSubscription_noMoreMessages() {
        String t = topic("leave");
        String share = "$share/u/" + t;
        try (V5Client member = subscribed(herald.mqttPort(), share, options(0, false, false, 0));
                V5Client pub = connected(herald.mqttPort(), clientId("pub"))) {
            Mqtt5Packet ack = member.send(unsubscribe(2, share)).expect(UNSUBACK);
            assertThat(ack.reasonCodes()).containsExactly(0x00);
            pub.send(publish(t, "m").toBytes());
            member.expectNothing(QUIET);
        }
    }

    @Test
    void mqtt_4_8_2_sharedSubscribe_noRetainedMessageSent() {
        String t = topic("retained");
        try (V5Client pub = connected(herald.mqttPort(), clientId("pub"))) {
            pub.send(publish(t, "kept").qos(1, 1).retain().toBytes()).expect(PUBACK);
        }
        try (V5Client member = subscribed(herald.mqttPort(), "$share/r/" + t, options(1, false, false, 0))) {
            member.expectNothing(QUIET);
        }
    }

    @Test
    void mqtt_3_8_3_4_noLocalOnSharedSubscription_protocolError0x82() {
        try (V5Client member = connected(herald.mqttPort(), clientId("member"))) {
            member.send(subscribe(1, "$share/nl/" + topic("nl"), options(0, true, false, 0))).expectDisconnect(0x82);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"$share/g", "$share//t", "$share/a+b/t", "$share/a#/t"})
    void mqtt_4_8_2_1_malformedShareFilter_subackTopicFilterInvalid(String filter) {
        try (V5Client member = connected(herald.mqttPort(), clientId("member"))) {
            Mqtt5Packet ack = member.send(subscribe(1, filter, options(0, false, false, 0))).expect(SUBACK);
            assertThat(ack.reasonCodes()).containsExactly(0x8F);
        }
    }

    @Test
    void mqtt_4_8_2_qos1UnacknowledgedByMemberThatLeaves_sentToAnotherMember() {
        String t = topic("handover");
        String share = "$share/h/" + t;
        try (V5Client pub = connected(herald.mqttPort(), clientId("pub"))) {
            V5Client first = subscribed(herald.mqttPort(), share, options(1, false, false, 0));
            pub.send(publish(t, "job").qos(1, 1).toBytes()).expect(PUBACK);
            assertThat(first.expectPublish().payloadText()).isEqualTo("job"); // and never acknowledged
            try (V5Client second = subscribed(herald.mqttPort(), share, options(1, false, false, 0))) {
                first.close();
                Mqtt5Packet p = second.expectPublish();
                assertThat(p.payloadText()).isEqualTo("job");
                second.send(puback(p.packetId()));
            }
        }
    }

    @Test
    void mqtt_4_8_2_6_memberRejectsWithPuback0x80_notSentToAnotherMember() {
        String t = topic("rejected");
        String share = "$share/x/" + t;
        try (V5Client pub = connected(herald.mqttPort(), clientId("pub"));
                V5Client first = subscribed(herald.mqttPort(), share, options(1, false, false, 0))) {
            pub.send(publish(t, "no").qos(1, 1).toBytes()).expect(PUBACK);
            Mqtt5Packet p = first.expectPublish();
            try (V5Client second = subscribed(herald.mqttPort(), share, options(1, false, false, 0))) {
                first.send(puback(p.packetId(), 0x80, Mqtt5Properties.of()));
                first.roundTrip().close();
                second.expectNothing(QUIET);
            }
        }
    }

    @Test
    void mqtt_4_8_2_4_qos2InFlightToMemberThatLeaves_completedWhenItReconnects() {
        String t = topic("q2resume");
        String share = "$share/q2/" + t;
        String id = clientId("member");
        try (V5Client pub = connected(herald.mqttPort(), clientId("pub"));
                V5Client other = subscribed(herald.mqttPort(), share, options(2, false, false, 0))) {
            V5Client first = connected(herald.mqttPort(), connect(id).sessionExpiry(60));
            first.subscribe(1, Mqtt5Properties.of(), share, options(2, false, false, 0));
            Mqtt5Packet p = deliverTo(pub, t, first, other);
            first.close(); // before PUBREC
            other.expectNothing(QUIET);
            try (V5Client again = connected(herald.mqttPort(), connect(id).cleanStart(false))) {
                Mqtt5Packet resent = again.expectPublish();
                assertThat(resent.dup()).isTrue();
                assertThat(resent.packetId()).isEqualTo(p.packetId());
                again.send(pubrec(resent.packetId())).expect(PUBREL);
            }
        }
    }

    @Test
    void mqtt_4_8_2_5_qos2InFlightToMemberWhoseSessionEnds_notSentToAnotherMember() {
        String t = topic("q2end");
        String share = "$share/q2e/" + t;
        try (V5Client pub = connected(herald.mqttPort(), clientId("pub"));
                V5Client other = subscribed(herald.mqttPort(), share, options(2, false, false, 0))) {
            V5Client first = subscribed(herald.mqttPort(), share, options(2, false, false, 0)); // Session Expiry 0
            deliverTo(pub, t, first, other);
            first.close(); // before PUBREC: the session ends with the connection
            other.expectNothing(QUIET);
        }
    }

    /**
     * Publishes QoS 2 messages until one reaches {@code target} (the group's choice is the broker's);
     * those that reach {@code other} are completed.
     */
    private static Mqtt5Packet deliverTo(V5Client pub, String t, V5Client target, V5Client other) {
        for (int id = 1; id <= 10; id++) {
            pub.send(publish(t, "m" + id).qos(2, id).toBytes()).expect(PUBREC);
            pub.send(pubrel(id)).expect(PUBCOMP);
            List<Mqtt5Packet> mine = target.drain();
            for (Mqtt5Packet p : other.drain()) {
                other.send(pubrec(p.packetId())).expect(PUBREL);
                other.send(pubcomp(p.packetId()));
            }
            if (!mine.isEmpty()) {
                assertThat(mine).hasSize(1);
                return mine.get(0);
            }
        }
        throw new AssertionError("no message of ten went to the member under test");
    }
}
