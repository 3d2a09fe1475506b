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
import static io.herald.testkit.Mqtt5Packets.connect;
import static io.herald.testkit.Mqtt5Packets.options;
import static io.herald.testkit.Mqtt5Packets.puback;
import static io.herald.testkit.Mqtt5Packets.pubcomp;
import static io.herald.testkit.Mqtt5Packets.publish;
import static io.herald.testkit.Mqtt5Packets.pubrec;
import static io.herald.testkit.Mqtt5Packets.pubrel;
import static org.assertj.core.api.Assertions.assertThat;

import io.herald.broker.BrokerMetrics.DropReason;
import io.herald.testkit.EmbeddedHerald;
import io.herald.testkit.Mqtt5Packet;
import io.herald.testkit.Mqtt5Properties;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Flow control both ways: Receive Maximum [MQTT-3.3.4-7] to [MQTT-3.3.4-10] and Maximum Packet Size
 * [MQTT-3.1.2-24] [MQTT-3.1.2-25], the client's limits honoured by the broker and the broker's limits
 * enforced on the client.
 */
@Timeout(20)
class FlowControlTest {

    private static final int RECEIVE_MAXIMUM = 3;
    private static final int MAX_PACKET_SIZE = 1024;

    @RegisterExtension
    static final EmbeddedHerald herald = EmbeddedHerald.create(c -> c
            .receiveMaximum(RECEIVE_MAXIMUM).maxPacketSize(MAX_PACKET_SIZE));

    @Test
    void mqtt_3_3_4_9_clientReceiveMaximum_neverMoreUnacknowledgedQos1() {
        String t = topic("rm1");
        try (V5Client sub = limitedSubscriber(Mqtt5Properties.of().receiveMaximum(2), t, 1);
                V5Client pub = connected(herald.mqttPort(), clientId("pub"))) {
            for (int i = 1; i <= 5; i++) {
                pub.send(publish(t, "m" + i).qos(1, i).toBytes()).expect(PUBACK);
            }
            Mqtt5Packet first = sub.expectPublish();
            Mqtt5Packet second = sub.expectPublish();
            sub.expectNothing(QUIET);
            sub.send(puback(first.packetId()));
            Mqtt5Packet third = sub.expectPublish();
            sub.expectNothing(QUIET);
            sub.send(puback(second.packetId()), puback(third.packetId()));
            Mqtt5Packet fourth = sub.expectPublish();
            Mqtt5Packet fifth = sub.expectPublish();
            sub.send(puback(fourth.packetId()), puback(fifth.packetId()));
            assertThat(new Mqtt5Packet[] {first, second, third, fourth, fifth}).extracting(Mqtt5Packet::payloadText)
                    .containsExactly("m1", "m2", "m3", "m4", "m5");
        }
    }

    @Test
    void mqtt_3_3_4_9_clientReceiveMaximum_qos2HoldsItsSlotUntilPubcomp() {
        String t = topic("rm2");
        try (V5Client sub = limitedSubscriber(Mqtt5Properties.of().receiveMaximum(1), t, 2);
                V5Client pub = connected(herald.mqttPort(), clientId("pub"))) {
            pub.send(publish(t, "a").qos(2, 1).toBytes(), publish(t, "b").qos(2, 2).toBytes());
            Mqtt5Packet a = sub.expectPublish();
            assertThat(a.qos()).isEqualTo(2);
            sub.send(pubrec(a.packetId())).expect(PUBREL);
            sub.expectNothing(QUIET); // PUBREC does not free the slot, PUBCOMP does
            sub.send(pubcomp(a.packetId()));
            assertThat(sub.expectPublish().payloadText()).isEqualTo("b");
        }
    }

    @Test
    void mqtt_3_3_4_9_pubrecWithErrorCode_freesTheSlot() {
        String t = topic("rm2err");
        try (V5Client sub = limitedSubscriber(Mqtt5Properties.of().receiveMaximum(1), t, 2);
                V5Client pub = connected(herald.mqttPort(), clientId("pub"))) {
            pub.send(publish(t, "a").qos(2, 1).toBytes(), publish(t, "b").qos(2, 2).toBytes());
            Mqtt5Packet a = sub.expectPublish();
            sub.send(pubrec(a.packetId(), 0x80)); // unspecified error: the flow ends here
            assertThat(sub.expectPublish().payloadText()).isEqualTo("b");
        }
    }

    @Test
    void mqtt_3_3_4_10_receiveMaximumReached_otherPacketsNotDelayed() {
        String t = topic("rmping");
        try (V5Client sub = limitedSubscriber(Mqtt5Properties.of().receiveMaximum(1), t, 1);
                V5Client pub = connected(herald.mqttPort(), clientId("pub"))) {
            pub.send(publish(t, "a").qos(1, 1).toBytes(), publish(t, "b").qos(1, 2).toBytes());
            sub.expectPublish();
            sub.roundTrip(); // PINGRESP comes although the window is full
        }
    }

    @Test
    void mqtt_3_3_4_9_resumedSession_resendsNoMoreThanNewReceiveMaximum() {
        String id = clientId("resume");
        String t = topic("resume");
        Mqtt5Properties wide = Mqtt5Properties.of().receiveMaximum(3).sessionExpiry(60);
        try (V5Client sub = connected(herald.mqttPort(), connect(id).properties(wide));
                V5Client pub = connected(herald.mqttPort(), clientId("pub"))) {
            sub.subscribe(1, Mqtt5Properties.of(), t, options(1, false, false, 0));
            for (int i = 1; i <= 3; i++) {
                pub.send(publish(t, "m" + i).qos(1, i).toBytes()).expect(PUBACK);
            }
            sub.expectPublishes(3); // none acknowledged
        }
        Mqtt5Properties narrow = Mqtt5Properties.of().receiveMaximum(1);
        try (V5Client sub = connected(herald.mqttPort(), connect(id).cleanStart(false).properties(narrow))) {
            Mqtt5Packet first = sub.expectPublish();
            sub.expectNothing(QUIET); // the new connection allows one unacknowledged PUBLISH
            sub.send(puback(first.packetId()));
            sub.send(puback(sub.expectPublish().packetId()));
            sub.send(puback(sub.expectPublish().packetId()));
        }
    }

    @Test
    void mqtt_3_3_4_7_clientExceedsServerReceiveMaximum_disconnect0x93() {
        String t = topic("over");
        try (V5Client pub = connected(herald.mqttPort(), clientId("pub"))) {
            assertThat(pub.connack().properties().integer(Mqtt5Properties.RECEIVE_MAXIMUM)).isEqualTo(RECEIVE_MAXIMUM);
            for (int id = 1; id <= RECEIVE_MAXIMUM; id++) {
                pub.send(publish(t, "q2").qos(2, id).toBytes()).expect(PUBREC); // unreleased: each holds a slot
            }
            pub.send(publish(t, "one too many").qos(2, RECEIVE_MAXIMUM + 1).toBytes()).expectDisconnect(0x93);
        }
    }

    /**
     * A client that writes a long burst past Receive Maximum before it reads anything must still read
     * the DISCONNECT, then an orderly end of stream. Were the socket closed with the burst unread, the
     * kernel would reset the connection: the client's write would fail and what the broker sent last
     * could be lost with it.
     */
    @Test
    void mqtt_3_3_4_7_clientFloodsPastReceiveMaximum_readsDisconnect0x93ThenEndOfStream() {
        byte[] payload = new byte[900]; // within the Maximum Packet Size
        for (int round = 0; round < 3; round++) {
            String t = topic("flood");
            byte[][] burst = new byte[9_000][]; // about 8 MB, more than the socket buffers hold
            for (int i = 0; i < burst.length; i++) {
                burst[i] = publish(t, payload).qos(2, i % 65_535 + 1).toBytes();
            }
            try (V5Client pub = connected(herald.mqttPort(), clientId("flood"))) {
                pub.send(burst);
                List<Mqtt5Packet> received = pub.readUntilClosed();
                assertThat(received).as("round %d", round).isNotEmpty();
                Mqtt5Packet last = received.get(received.size() - 1);
                assertThat(Mqtt5Packet.name(last.type())).as("round %d: %s", round, last).isEqualTo("DISCONNECT");
                assertThat(last.reasonCode()).as("round %d", round).isEqualTo(0x93);
                assertThat(pub.wasReset()).as("round %d: connection reset instead of closed", round).isFalse();
            }
        }
    }

    @Test
    void mqtt_3_3_4_7_serverReceiveMaximum_slotFreedByPubcomp() {
        String t = topic("freed");
        try (V5Client pub = connected(herald.mqttPort(), clientId("pub"))) {
            for (int id = 1; id <= RECEIVE_MAXIMUM; id++) {
                pub.send(publish(t, "q2").qos(2, id).toBytes()).expect(PUBREC);
            }
            pub.send(pubrel(1)).expect(PUBCOMP);
            pub.send(publish(t, "fits again").qos(2, 1).toBytes()).expect(PUBREC);
        }
    }

    @Test
    void mqtt_3_2_2_serverMaximumPacketSize_packetOfExactlyThatSizeAccepted() {
        try (V5Client pub = connected(herald.mqttPort(), clientId("pub"))) {
            assertThat(pub.connack().properties().integer(Mqtt5Properties.MAXIMUM_PACKET_SIZE))
                    .isEqualTo(MAX_PACKET_SIZE);
            String t = topic("exact");
            byte[] packet = sized(t, MAX_PACKET_SIZE);
            assertThat(packet).hasSize(MAX_PACKET_SIZE);
            assertThat(pub.send(packet).expect(PUBACK).packetId()).isEqualTo(1);
        }
    }

    @Test
    void mqtt_3_1_2_11_4_packetAboveServerMaximumPacketSize_disconnect0x95() {
        try (V5Client pub = connected(herald.mqttPort(), clientId("pub"))) {
            pub.send(sized(topic("over"), MAX_PACKET_SIZE + 1)).expectDisconnect(0x95);
        }
    }

    @Test
    void mqtt_3_1_2_25_messageAboveClientMaximumPacketSize_droppedForThatClientOnly() {
        String t = topic("big");
        long tooLargeBefore = herald.broker().metrics().droppedCount(DropReason.TOO_LARGE);
        try (V5Client small = limitedSubscriber(Mqtt5Properties.of().maximumPacketSize(200), t, 1);
                V5Client large = subscribed(herald.mqttPort(), t, options(1, false, false, 0));
                V5Client pub = connected(herald.mqttPort(), clientId("pub"))) {
            pub.send(publish(t, "x".repeat(500)).qos(1, 1).toBytes()).expect(PUBACK);
            pub.send(publish(t, "small").qos(1, 2).toBytes()).expect(PUBACK);
            Mqtt5Packet p = small.expectPublish();
            assertThat(p.payloadText()).isEqualTo("small"); // [MQTT-3.1.2-25] as if the big one had been sent
            assertThat(p.size()).isLessThanOrEqualTo(200);
            assertThat(large.expectPublishes(2)).extracting(q -> q.payload().length).containsExactly(500, 5);
        }
        assertThat(herald.broker().metrics().droppedCount(DropReason.TOO_LARGE)).isGreaterThan(tooLargeBefore);
    }

    @Test
    void mqtt_3_1_2_25_droppedLargeMessage_doesNotHoldAReceiveMaximumSlot() {
        String t = topic("bigslot");
        Mqtt5Properties limits = Mqtt5Properties.of().maximumPacketSize(200).receiveMaximum(1);
        try (V5Client sub = limitedSubscriber(limits, t, 1);
                V5Client pub = connected(herald.mqttPort(), clientId("pub"))) {
            pub.send(publish(t, "x".repeat(500)).qos(1, 1).toBytes(), publish(t, "next").qos(1, 2).toBytes());
            assertThat(sub.expectPublish().payloadText()).isEqualTo("next");
        }
    }

    /** A QoS 1 PUBLISH (id 1, no properties) of exactly {@code size} bytes (size at most 16,383). */
    private static byte[] sized(String t, int size) {
        int lengthBytes = size - 1 > 128 + 1 ? 2 : 1;
        int payload = size - 1 - lengthBytes - (2 + t.length()) - 2 - 1;
        return publish(t, "p".repeat(payload)).qos(1, 1).toBytes();
    }

    private static V5Client limitedSubscriber(Mqtt5Properties connectProps, String filter, int qos) {
        V5Client sub = connected(herald.mqttPort(), connect(clientId("sub")).properties(connectProps));
        sub.subscribe(1, Mqtt5Properties.of(), filter, options(qos, false, false, 0));
        return sub;
    }
}
