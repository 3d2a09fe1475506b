package io.herald.broker.spec.v5;

import static io.herald.broker.spec.v5.V5Client.QUIET;
import static io.herald.broker.spec.v5.V5Client.clientId;
import static io.herald.broker.spec.v5.V5Client.connected;
import static io.herald.broker.spec.v5.V5Client.topic;
import static io.herald.testkit.Mqtt5Packet.PUBACK;
import static io.herald.testkit.Mqtt5Packets.options;
import static io.herald.testkit.Mqtt5Packets.publish;
import static io.herald.testkit.Mqtt5Packets.subscribe;
import static org.assertj.core.api.Assertions.assertThat;

import io.herald.testkit.EmbeddedHerald;
import io.herald.testkit.Mqtt5Packet;
import io.herald.testkit.Mqtt5Properties;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Subscription options and identifiers [MQTT-3.8.3-3], [MQTT-3.3.1-9] to [MQTT-3.3.1-13],
 * [MQTT-3.3.4-3] to [MQTT-3.3.4-5]: No Local, Retain As Published, Retain Handling 0/1/2, and the
 * Subscription Identifiers delivered with matching messages.
 */
@Timeout(20)
class SubscriptionOptionsTest {

    @RegisterExtension
    static final EmbeddedHerald herald = EmbeddedHerald.create();

    private static final Mqtt5Properties NO_PROPS = Mqtt5Properties.of();

    @Test
    void mqtt_3_8_3_3_noLocal_ownMessagesNotForwardedOthersAre() {
        String t = topic("nolocal");
        try (V5Client self = connected(herald.mqttPort(), clientId("self"));
                V5Client other = connected(herald.mqttPort(), clientId("other"))) {
            self.subscribe(1, NO_PROPS, t, options(0, true, false, 0));
            self.send(publish(t, "mine").toBytes()).expectNothing(QUIET);
            other.send(publish(t, "theirs").toBytes());
            assertThat(self.expectPublish().payloadText()).isEqualTo("theirs");
        }
    }

    @Test
    void mqtt_3_8_3_3_noLocal0_ownMessagesForwarded() {
        String t = topic("local");
        try (V5Client self = connected(herald.mqttPort(), clientId("self"))) {
            self.subscribe(1, NO_PROPS, t, options(0, false, false, 0));
            self.send(publish(t, "mine").toBytes());
            assertThat(self.expectPublish().payloadText()).isEqualTo("mine");
        }
    }

    @Test
    void mqtt_3_3_1_12_retainAsPublished0_retainFlagClearedWhenForwarded() {
        String t = topic("rap0");
        try (V5Client sub = connected(herald.mqttPort(), clientId("sub"));
                V5Client pub = connected(herald.mqttPort(), clientId("pub"))) {
            sub.subscribe(1, NO_PROPS, t, options(0, false, false, 0));
            pub.send(publish(t, "r").retain().toBytes());
            assertThat(sub.expectPublish().retain()).isFalse();
        }
    }

    @Test
    void mqtt_3_3_1_13_retainAsPublished1_retainFlagKeptWhenForwarded() {
        String t = topic("rap1");
        try (V5Client sub = connected(herald.mqttPort(), clientId("sub"));
                V5Client pub = connected(herald.mqttPort(), clientId("pub"))) {
            sub.subscribe(1, NO_PROPS, t, options(0, false, true, 0));
            pub.send(publish(t, "retained").retain().toBytes(), publish(t, "plain").toBytes());
            List<Mqtt5Packet> got = sub.expectPublishes(2);
            assertThat(got).extracting(Mqtt5Packet::payloadText).containsExactly("retained", "plain");
            assertThat(got).extracting(Mqtt5Packet::retain).containsExactly(true, false);
        }
    }

    @Test
    void mqtt_3_3_1_9_retainHandling0_retainedSentOnEverySubscribe() {
        String t = retained("rh0");
        try (V5Client sub = connected(herald.mqttPort(), clientId("sub"))) {
            sub.subscribe(1, NO_PROPS, t, options(0, false, false, 0));
            Mqtt5Packet first = sub.expectPublish();
            assertThat(first.retain()).isTrue(); // [MQTT-3.3.1-8 (3.1.1)] sent because of a new subscription
            sub.subscribe(2, NO_PROPS, t, options(0, false, false, 0));
            assertThat(sub.expectPublish().payloadText()).isEqualTo("kept");
        }
    }

    @Test
    void mqtt_3_3_1_10_retainHandling1_retainedSentOnlyForNewSubscription() {
        String t = retained("rh1");
        try (V5Client sub = connected(herald.mqttPort(), clientId("sub"))) {
            sub.subscribe(1, NO_PROPS, t, options(0, false, false, 1));
            assertThat(sub.expectPublish().retain()).isTrue();
            sub.subscribe(2, NO_PROPS, t, options(0, false, false, 1));
            sub.expectNothing(QUIET);
        }
    }

    @Test
    void mqtt_3_3_1_11_retainHandling2_retainedNeverSentOnSubscribe() {
        String t = retained("rh2");
        try (V5Client sub = connected(herald.mqttPort(), clientId("sub"))) {
            sub.subscribe(1, NO_PROPS, t, options(0, false, false, 2));
            sub.expectNothing(QUIET);
        }
    }

    @Test
    void mqtt_3_3_4_3_subscriptionIdentifier_deliveredWithMatchingMessages() {
        String t = topic("subid");
        try (V5Client sub = connected(herald.mqttPort(), clientId("sub"));
                V5Client pub = connected(herald.mqttPort(), clientId("pub"))) {
            sub.subscribe(1, Mqtt5Properties.of().subscriptionId(7), t, options(0, false, false, 0));
            pub.send(publish(t, "m").toBytes());
            assertThat(sub.expectPublish().properties().subscriptionIds()).containsExactly(7L);
        }
    }

    @Test
    void mqtt_3_3_4_3_subscriptionWithoutIdentifier_noneDelivered() {
        String t = topic("noid");
        try (V5Client sub = connected(herald.mqttPort(), clientId("sub"));
                V5Client pub = connected(herald.mqttPort(), clientId("pub"))) {
            sub.subscribe(1, NO_PROPS, t, options(0, false, false, 0));
            pub.send(publish(t, "m").toBytes());
            assertThat(sub.expectPublish().properties().subscriptionIds()).isEmpty();
        }
    }

    @Test
    void mqtt_3_3_4_4_overlappingSubscriptions_everyMatchingIdentifierDelivered() {
        String t = topic("overlap");
        try (V5Client sub = connected(herald.mqttPort(), clientId("sub"));
                V5Client pub = connected(herald.mqttPort(), clientId("pub"))) {
            sub.subscribe(1, Mqtt5Properties.of().subscriptionId(1), t + "/#", options(0, false, false, 0));
            sub.subscribe(2, Mqtt5Properties.of().subscriptionId(268_435_455), t + "/+", options(0, false, false, 0));
            sub.subscribe(3, NO_PROPS, t + "/a", options(0, false, false, 0));
            pub.send(publish(t + "/a", "m").toBytes());
            List<Mqtt5Packet> copies = sub.drain();
            assertThat(copies).isNotEmpty();
            if (copies.size() == 1) {
                // [MQTT-3.3.4-4] one copy carries the identifiers of all matching subscriptions
                assertThat(copies.get(0).properties().subscriptionIds()).containsExactlyInAnyOrder(1L, 268_435_455L);
            } else {
                // [MQTT-3.3.4-5] one copy per subscription, each with its own identifier
                assertThat(copies).flatExtracting(p -> p.properties().subscriptionIds())
                        .containsExactlyInAnyOrder(1L, 268_435_455L);
            }
        }
    }

    @Test
    void mqtt_3_3_4_3_overlappingSubscriptionsOfManySessions_oneCopyEachWithAllIdentifiers() {
        String t = topic("overlap-many");
        List<V5Client> subs = new ArrayList<>();
        try (V5Client pub = connected(herald.mqttPort(), clientId("pub"))) {
            for (int i = 0; i < 20; i++) { // more sessions than the router looks up one by one
                V5Client sub = connected(herald.mqttPort(), clientId("sub" + i));
                subs.add(sub);
                sub.subscribe(1, Mqtt5Properties.of().subscriptionId(1), t + "/#", options(0, false, false, 0));
                sub.subscribe(2, Mqtt5Properties.of().subscriptionId(2), t + "/+", options(0, false, false, 0));
            }
            pub.send(publish(t + "/a", "m").toBytes());
            pub.send(publish(t + "/a/b", "next").toBytes()); // matches only t/#: one copy, after the first
            for (V5Client sub : subs) {
                Mqtt5Packet first = sub.expectPublish();
                assertThat(first.payloadText()).isEqualTo("m");
                assertThat(first.properties().subscriptionIds()).containsExactlyInAnyOrder(1L, 2L);
                assertThat(sub.expectPublish().payloadText()).as("no second copy of m").isEqualTo("next");
            }
        } finally {
            subs.forEach(V5Client::close);
        }
    }

    @Test
    void mqtt_3_3_4_3_retainedSentOnSubscribe_carriesSubscriptionIdentifier() {
        String t = retained("subid-retained");
        try (V5Client sub = connected(herald.mqttPort(), clientId("sub"))) {
            sub.subscribe(1, Mqtt5Properties.of().subscriptionId(42), t, options(0, false, false, 0));
            assertThat(sub.expectPublish().properties().subscriptionIds()).containsExactly(42L);
        }
    }

    @Test
    void mqtt_3_8_4_3_resubscribeWithOtherIdentifier_replacesIt() {
        String t = topic("reid");
        try (V5Client sub = connected(herald.mqttPort(), clientId("sub"));
                V5Client pub = connected(herald.mqttPort(), clientId("pub"))) {
            sub.subscribe(1, Mqtt5Properties.of().subscriptionId(5), t, options(0, false, false, 0));
            sub.subscribe(2, Mqtt5Properties.of().subscriptionId(6), t, options(0, false, false, 0));
            pub.send(publish(t, "m").toBytes());
            assertThat(sub.expectPublish().properties().subscriptionIds()).containsExactly(6L);
            sub.expectNothing(QUIET);
        }
    }

    @Test
    void mqtt_3_8_2_1_2_subscriptionIdentifier0_protocolError0x82() {
        try (V5Client sub = connected(herald.mqttPort(), clientId("sub"))) {
            sub.send(subscribe(1, Mqtt5Properties.of().subscriptionId(0), topic("zero"), options(0, false, false, 0)))
                    .expectDisconnect(0x82);
        }
    }

    @Test
    void mqtt_3_8_3_1_retainHandling3_protocolError0x82() {
        try (V5Client sub = connected(herald.mqttPort(), clientId("sub"))) {
            sub.send(subscribe(1, topic("rh3"), options(0, false, false, 3))).expectDisconnect(0x82);
        }
    }

    @Test
    void mqtt_3_8_3_1_maximumQos3_protocolError0x82() {
        try (V5Client sub = connected(herald.mqttPort(), clientId("sub"))) {
            sub.send(subscribe(1, topic("qos3"), options(3, false, false, 0))).expectDisconnect(0x82);
        }
    }

    @Test
    void mqtt_3_8_3_5_reservedSubscriptionOptionBits_malformed0x81() {
        try (V5Client sub = connected(herald.mqttPort(), clientId("sub"))) {
            sub.send(subscribe(1, topic("bit6"), 0x40 | options(0, false, false, 0))).expectDisconnect(0x81);
        }
    }

    /** A fresh topic holding the retained message "kept". */
    private static String retained(String name) {
        String t = topic(name);
        try (V5Client pub = connected(herald.mqttPort(), clientId("retainer"))) {
            pub.send(publish(t, "kept").qos(1, 1).retain().toBytes()).expect(PUBACK);
        }
        return t;
    }
}
