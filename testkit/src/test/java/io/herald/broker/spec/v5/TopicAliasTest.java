package io.herald.broker.spec.v5;

import static io.herald.broker.spec.v5.V5Client.clientId;
import static io.herald.broker.spec.v5.V5Client.connected;
import static io.herald.broker.spec.v5.V5Client.subscribed;
import static io.herald.broker.spec.v5.V5Client.topic;
import static io.herald.testkit.Mqtt5Packets.connect;
import static io.herald.testkit.Mqtt5Packets.options;
import static io.herald.testkit.Mqtt5Packets.puback;
import static io.herald.testkit.Mqtt5Packets.publish;
import static io.herald.testkit.Mqtt5Properties.TOPIC_ALIAS;
import static io.herald.testkit.Mqtt5Properties.TOPIC_ALIAS_MAXIMUM;
import static org.assertj.core.api.Assertions.assertThat;

import io.herald.testkit.EmbeddedHerald;
import io.herald.testkit.Mqtt5Packet;
import io.herald.testkit.Mqtt5Properties;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Topic aliases in both directions [MQTT-3.3.2-7] to [MQTT-3.3.2-12], [MQTT-3.1.2-26],
 * [MQTT-3.1.2-27]: inbound up to the Topic Alias Maximum the broker states, outbound up to the one
 * the client states and never when it states none.
 */
@Timeout(20)
class TopicAliasTest {

    private static final int SERVER_MAXIMUM = 5;

    @RegisterExtension
    static final EmbeddedHerald herald = EmbeddedHerald.create(c -> c.topicAliasMaximum(SERVER_MAXIMUM));

    @Test
    void mqtt_3_3_2_12_inboundAliasSetThenUsed_publishedOnItsTopic() {
        String t = topic("in");
        try (V5Client sub = subscribed(herald.mqttPort(), t, options(0, false, false, 0));
                V5Client pub = connected(herald.mqttPort(), clientId("pub"))) {
            pub.send(publish(t, "set").properties(alias(1)).toBytes(),
                    publish("", "used").properties(alias(1)).toBytes());
            for (String payload : new String[] {"set", "used"}) {
                Mqtt5Packet p = sub.expectPublish();
                assertThat(p.topic()).isEqualTo(t);
                assertThat(p.payloadText()).isEqualTo(payload);
                assertThat(p.properties().has(TOPIC_ALIAS)).isFalse(); // the publisher's alias stays with it
            }
        }
    }

    @Test
    void mqtt_3_3_2_12_inboundAliasAtServerMaximum_accepted() {
        String t = topic("max");
        try (V5Client sub = subscribed(herald.mqttPort(), t, options(0, false, false, 0));
                V5Client pub = connected(herald.mqttPort(), clientId("pub"))) {
            pub.send(publish(t, "a").properties(alias(SERVER_MAXIMUM)).toBytes(),
                    publish("", "b").properties(alias(SERVER_MAXIMUM)).toBytes());
            assertThat(sub.expectPublishes(2)).allMatch(p -> p.topic().equals(t));
            pub.roundTrip();
        }
    }

    @Test
    void mqtt_3_3_2_12_inboundAliasSetAgain_mapsToNewTopic() {
        String first = topic("first");
        String second = topic("second");
        try (V5Client sub = subscribed(herald.mqttPort(), "v5/+/second", options(0, false, false, 0));
                V5Client pub = connected(herald.mqttPort(), clientId("pub"))) {
            pub.send(publish(first, "1").properties(alias(2)).toBytes(),
                    publish(second, "2").properties(alias(2)).toBytes(),
                    publish("", "3").properties(alias(2)).toBytes());
            assertThat(sub.expectPublishes(2)).extracting(Mqtt5Packet::payloadText).containsExactly("2", "3");
        }
    }

    @Test
    void mqtt_3_3_2_8_inboundAlias0_disconnect0x94() {
        try (V5Client pub = connected(herald.mqttPort(), clientId("pub"))) {
            pub.send(publish(topic("zero"), "x").properties(alias(0)).toBytes()).expectDisconnect(0x94);
        }
    }

    @Test
    void mqtt_3_3_2_9_inboundAliasAboveServerMaximum_disconnect0x94() {
        try (V5Client pub = connected(herald.mqttPort(), clientId("pub"))) {
            pub.send(publish(topic("above"), "x").properties(alias(SERVER_MAXIMUM + 1)).toBytes())
                    .expectDisconnect(0x94);
        }
    }

    @Test
    void mqtt_3_3_2_7_inboundAliasNotCarriedToNextConnection_unknownAliasProtocolError() {
        String id = clientId("pub");
        try (V5Client pub = connected(herald.mqttPort(), connect(id).sessionExpiry(60))) {
            pub.send(publish(topic("once"), "x").properties(alias(3)).toBytes()).roundTrip();
        }
        try (V5Client pub = connected(herald.mqttPort(), connect(id).cleanStart(false))) {
            pub.send(publish("", "y").properties(alias(3)).toBytes()).expectDisconnect(0x82);
        }
    }

    @Test
    void mqtt_3_1_2_27_clientWithoutTopicAliasMaximum_noAliasSent() {
        String t = topic("plain");
        try (V5Client sub = subscribed(herald.mqttPort(), t, options(0, false, false, 0));
                V5Client pub = connected(herald.mqttPort(), clientId("pub"))) {
            pub.send(publish(t, "1").toBytes(), publish(t, "2").toBytes());
            assertThat(sub.expectPublishes(2)).allSatisfy(p -> {
                assertThat(p.topic()).isEqualTo(t);
                assertThat(p.properties().has(TOPIC_ALIAS)).isFalse();
            });
        }
    }

    @Test
    void mqtt_3_3_2_11_clientTopicAliasMaximum_outboundAliasSetThenUsed() {
        String t = topic("out");
        try (V5Client sub = aliasingSubscriber(2, t + "/#");
                V5Client pub = connected(herald.mqttPort(), clientId("pub"))) {
            pub.send(publish(t + "/a", "1").toBytes(), publish(t + "/a", "2").qos(1, 1).toBytes());
            Mqtt5Packet set = sub.expectPublish();
            assertThat(set.topic()).isEqualTo(t + "/a");
            Long alias = set.properties().integer(TOPIC_ALIAS);
            assertThat(alias).isBetween(1L, 2L);
            Mqtt5Packet used = sub.expectPublish();
            assertThat(used.properties().integer(TOPIC_ALIAS)).isEqualTo(alias);
            assertThat(used.topic()).isEmpty();
            sub.send(puback(used.packetId()));
        }
    }

    @Test
    void mqtt_3_3_2_11_outboundAliases_neverAboveClientMaximumAndAlwaysResolvable() {
        String t = topic("many");
        try (V5Client sub = aliasingSubscriber(2, t + "/#");
                V5Client pub = connected(herald.mqttPort(), clientId("pub"))) {
            String[] topics = {t + "/a", t + "/b", t + "/c", t + "/a", t + "/c", t + "/b", t + "/a"};
            for (String each : topics) {
                pub.send(publish(each, each).toBytes()); // the payload names the topic
            }
            Map<Long, String> aliases = new HashMap<>();
            for (Mqtt5Packet p : sub.expectPublishes(topics.length)) {
                Long alias = p.properties().integer(TOPIC_ALIAS);
                String resolved = p.topic();
                if (alias != null) {
                    assertThat(alias).as("alias in %s", p).isBetween(1L, 2L);
                    if (p.topic().isEmpty()) {
                        resolved = aliases.get(alias);
                    } else {
                        aliases.put(alias, p.topic());
                    }
                }
                assertThat(resolved).as("topic of %s", p).isEqualTo(p.payloadText());
            }
        }
    }

    @Test
    void mqtt_3_3_2_7_outboundAliasNotCarriedToNextConnection_resentWithTopic() {
        String id = clientId("sub");
        String t = topic("resent");
        Mqtt5Properties props = Mqtt5Properties.of().topicAliasMaximum(2).sessionExpiry(60);
        try (V5Client sub = connected(herald.mqttPort(), connect(id).properties(props));
                V5Client pub = connected(herald.mqttPort(), clientId("pub"))) {
            sub.subscribe(1, Mqtt5Properties.of(), t, options(1, false, false, 0));
            pub.send(publish(t, "1").qos(1, 1).toBytes(), publish(t, "2").qos(1, 2).toBytes());
            sub.send(puback(sub.expectPublish().packetId()));
            assertThat(sub.expectPublish().topic()).isEmpty(); // by alias, and left unacknowledged
        }
        Mqtt5Properties again = Mqtt5Properties.of().topicAliasMaximum(2);
        try (V5Client sub = connected(herald.mqttPort(), connect(id).cleanStart(false).properties(again))) {
            Mqtt5Packet resent = sub.expectPublish();
            assertThat(resent.dup()).isTrue();
            assertThat(resent.topic()).isEqualTo(t);
            sub.send(puback(resent.packetId()));
        }
    }

    @Test
    void mqtt_3_1_2_24_outboundAlias_neverMakesPacketExceedClientMaximumPacketSize() {
        int maximum = 100;
        String t = topic("fits");
        Mqtt5Properties props = Mqtt5Properties.of().topicAliasMaximum(5).maximumPacketSize(maximum);
        try (V5Client sub = connected(herald.mqttPort(), connect(clientId("sub")).properties(props));
                V5Client pub = connected(herald.mqttPort(), clientId("pub"))) {
            sub.subscribe(1, Mqtt5Properties.of(), t, options(0, false, false, 0));
            // fixed header 2, topic 2 + n, property length 1 (no properties), payload: exactly the maximum
            int payload = maximum - 2 - (2 + t.length()) - 1;
            pub.send(publish(t, "x".repeat(payload)).toBytes(), publish(t, "small").toBytes());
            Mqtt5Packet p;
            do {
                p = sub.expectPublish();
                assertThat(p.size()).as("size of %s", p).isLessThanOrEqualTo(maximum);
            } while (!p.payloadText().equals("small"));
        }
    }

    @Test
    void mqtt_3_2_2_serverTopicAliasMaximum0_noneStatedAndEveryAliasRejected() {
        EmbeddedHerald none = EmbeddedHerald.create(c -> c.topicAliasMaximum(0));
        none.start();
        try (V5Client pub = connected(none.mqttPort(), clientId("pub"))) {
            assertThat(pub.connack().properties().integer(TOPIC_ALIAS_MAXIMUM)).isIn(null, 0L);
            pub.send(publish(topic("none"), "x").properties(alias(1)).toBytes()).expectDisconnect(0x94);
        } finally {
            none.stop();
        }
    }

    private static V5Client aliasingSubscriber(int topicAliasMaximum, String filter) {
        V5Client sub = connected(herald.mqttPort(), connect(clientId("sub"))
                .properties(Mqtt5Properties.of().topicAliasMaximum(topicAliasMaximum)));
        sub.subscribe(1, Mqtt5Properties.of(), filter, options(1, false, false, 0));
        return sub;
    }

    private static Mqtt5Properties alias(int value) {
        return Mqtt5Properties.of().topicAlias(value);
    }
}
