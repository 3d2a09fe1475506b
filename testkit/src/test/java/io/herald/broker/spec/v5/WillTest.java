package io.herald.broker.spec.v5;

import static io.herald.broker.spec.v5.V5Client.QUIET;
import static io.herald.broker.spec.v5.V5Client.clientId;
import static io.herald.broker.spec.v5.V5Client.connected;
import static io.herald.broker.spec.v5.V5Client.subscribed;
import static io.herald.broker.spec.v5.V5Client.topic;
import static io.herald.testkit.Mqtt5Packets.connect;
import static io.herald.testkit.Mqtt5Packets.disconnect;
import static io.herald.testkit.Mqtt5Packets.options;
import static io.herald.testkit.Mqtt5Properties.CONTENT_TYPE;
import static io.herald.testkit.Mqtt5Properties.CORRELATION_DATA;
import static io.herald.testkit.Mqtt5Properties.MESSAGE_EXPIRY_INTERVAL;
import static io.herald.testkit.Mqtt5Properties.PAYLOAD_FORMAT_INDICATOR;
import static io.herald.testkit.Mqtt5Properties.RESPONSE_TOPIC;
import static org.assertj.core.api.Assertions.assertThat;

import io.herald.testkit.EmbeddedHerald;
import io.herald.testkit.Mqtt5Packet;
import io.herald.testkit.Mqtt5Packets;
import io.herald.testkit.Mqtt5Properties;
import io.herald.testkit.Mqtt5Properties.Pair;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * MQTT 5 wills [MQTT-3.1.2-8], [MQTT-3.1.3-9], [MQTT-3.1.3-10], [MQTT-3.14.4-3]: the Will Delay
 * Interval (no will when the session resumes in time; the will after the delay, or when the session
 * ends if that comes first), DISCONNECT 0x04, and the will's properties.
 */
@Timeout(20)
class WillTest {

    @RegisterExtension
    static final EmbeddedHerald herald = EmbeddedHerald.create();

    @Test
    void mqtt_3_1_3_9_sessionResumedWithinWillDelay_willNotSent() {
        String will = topic("will");
        String id = clientId("back");
        try (V5Client sub = subscribed(herald.mqttPort(), will, options(0, false, false, 0))) {
            connected(herald.mqttPort(), withWill(id, will, 1, 10)).close();
            try (V5Client again = connected(herald.mqttPort(), connect(id).cleanStart(false).sessionExpiry(10))) {
                assertThat(again.connack().sessionPresent()).isTrue();
                sub.expectNothing(Duration.ofMillis(1_500));
            }
        }
    }

    @Test
    void mqtt_3_1_3_9_takeoverWithinWillDelay_willNotSent() {
        String will = topic("will");
        String id = clientId("twice");
        try (V5Client sub = subscribed(herald.mqttPort(), will, options(0, false, false, 0));
                V5Client first = connected(herald.mqttPort(), withWill(id, will, 1, 10));
                V5Client second = connected(herald.mqttPort(), connect(id).cleanStart(false).sessionExpiry(10))) {
            first.expectDisconnect(0x8E);
            sub.expectNothing(Duration.ofMillis(1_500));
        }
    }

    @Test
    void mqtt_3_1_2_8_reconnectWithCleanStart_endsSessionSoDelayedWillSent() {
        String will = topic("will");
        String id = clientId("fresh");
        try (V5Client sub = subscribed(herald.mqttPort(), will, options(0, false, false, 0))) {
            connected(herald.mqttPort(), withWill(id, will, 30, 60)).close();
            sub.expectNothing(QUIET);
            try (V5Client again = connected(herald.mqttPort(), connect(id).cleanStart(true))) {
                assertThat(sub.expectPublish().payloadText()).isEqualTo("gone");
            }
        }
    }

    @Test
    void mqtt_3_1_2_8_takeoverWithCleanStart_endsSessionSoDelayedWillSent() {
        String will = topic("will");
        String id = clientId("replaced");
        try (V5Client sub = subscribed(herald.mqttPort(), will, options(0, false, false, 0));
                V5Client first = connected(herald.mqttPort(), withWill(id, will, 30, 60));
                V5Client second = connected(herald.mqttPort(), connect(id).cleanStart(true))) {
            first.expectDisconnect(0x8E);
            assertThat(sub.expectPublish().payloadText()).isEqualTo("gone");
        }
    }

    @Test
    void mqtt_3_1_3_11_willPayloadFormat1WithInvalidUtf8_connack0x99() {
        byte[] invalid = {0x61, (byte) 0xC3, 0x28};
        try (V5Client c = V5Client.open(herald.mqttPort())) {
            Mqtt5Packet ack = c.send(connect(clientId("badwill"))
                    .will(topic("will"), invalid, 0, false, Mqtt5Properties.of().payloadFormat(1)).toBytes())
                    .expect(Mqtt5Packet.CONNACK);
            assertThat(ack.reasonCode()).isEqualTo(0x99);
            c.expectClosed();
        }
    }

    @Test
    void mqtt_3_1_2_8_notResumed_willSentAfterWillDelay() {
        String will = topic("will");
        try (V5Client sub = subscribed(herald.mqttPort(), will, options(0, false, false, 0))) {
            long dropped = System.nanoTime();
            connected(herald.mqttPort(), withWill(clientId("late"), will, 1, 10)).close();
            sub.expectNothing(Duration.ofMillis(600));
            Mqtt5Packet p = sub.expectPublish();
            assertThat(p.payloadText()).isEqualTo("gone");
            assertThat(Duration.ofNanos(System.nanoTime() - dropped)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
        }
    }

    @Test
    void mqtt_3_1_2_8_sessionEndsBeforeWillDelay_willSentWhenSessionEnds() {
        String will = topic("will");
        try (V5Client sub = subscribed(herald.mqttPort(), will, options(0, false, false, 0))) {
            connected(herald.mqttPort(), withWill(clientId("short"), will, 30, 1)).close();
            sub.expectNothing(Duration.ofMillis(500));
            assertThat(sub.expectPublish().payloadText()).isEqualTo("gone");
        }
    }

    @Test
    void mqtt_3_1_2_8_sessionExpiry0_willSentAtOnceDespiteDelay() {
        String will = topic("will");
        try (V5Client sub = subscribed(herald.mqttPort(), will, options(0, false, false, 0))) {
            connected(herald.mqttPort(), withWill(clientId("now"), will, 30, 0)).close();
            assertThat(sub.expectPublish().payloadText()).isEqualTo("gone");
        }
    }

    @Test
    void mqtt_3_14_4_3_disconnectWithWillMessage0x04_willPublished() {
        String will = topic("will");
        try (V5Client sub = subscribed(herald.mqttPort(), will, options(0, false, false, 0));
                V5Client c = connected(herald.mqttPort(), withWill(clientId("asks"), will, 0, 0))) {
            c.send(disconnect(0x04, Mqtt5Properties.of())).expectClosed();
            assertThat(sub.expectPublish().payloadText()).isEqualTo("gone");
        }
    }

    @Test
    void mqtt_3_1_2_10_disconnectWithErrorReasonCode_willPublished() {
        String will = topic("will");
        try (V5Client sub = subscribed(herald.mqttPort(), will, options(0, false, false, 0));
                V5Client c = connected(herald.mqttPort(), withWill(clientId("failing"), will, 0, 0))) {
            c.send(disconnect(0x80, Mqtt5Properties.of().reasonString("client error"))).expectClosed();
            assertThat(sub.expectPublish().payloadText()).isEqualTo("gone"); // only 0x00 discards the will
        }
    }

    @Test
    void mqtt_3_14_4_3_normalDisconnect_willDiscarded() {
        String will = topic("will");
        try (V5Client sub = subscribed(herald.mqttPort(), will, options(0, false, false, 0));
                V5Client c = connected(herald.mqttPort(), withWill(clientId("polite"), will, 0, 0))) {
            c.disconnect();
            sub.expectNothing(QUIET);
        }
    }

    @Test
    void mqtt_3_1_3_10_willProperties_passedThroughWithUserPropertiesInOrder() {
        String will = topic("will");
        Mqtt5Properties props = Mqtt5Properties.of().payloadFormat(1).messageExpiry(60).contentType("text/plain")
                .responseTopic(will + "/ack").correlationData(new byte[] {7}).userProperty("k", "1")
                .userProperty("j", "2").userProperty("k", "3");
        try (V5Client sub = subscribed(herald.mqttPort(), will, options(1, false, false, 0))) {
            connected(herald.mqttPort(), connect(clientId("props")).will(will, "gone", 1, false, props)).close();
            Mqtt5Packet p = sub.expectPublish();
            Mqtt5Properties got = p.properties();
            assertThat(got.integer(PAYLOAD_FORMAT_INDICATOR)).isEqualTo(1);
            assertThat(got.integer(MESSAGE_EXPIRY_INTERVAL)).isBetween(59L, 60L);
            assertThat(got.string(CONTENT_TYPE)).isEqualTo("text/plain");
            assertThat(got.string(RESPONSE_TOPIC)).isEqualTo(will + "/ack");
            assertThat(got.binary(CORRELATION_DATA)).containsExactly(7);
            assertThat(got.userProperties()).containsExactly(new Pair("k", "1"), new Pair("j", "2"), new Pair("k", "3"));
            assertThat(got.has(Mqtt5Properties.WILL_DELAY_INTERVAL)).isFalse();
            sub.send(Mqtt5Packets.puback(p.packetId()));
        }
    }

    /** A CONNECT with a QoS 0 will "gone" on {@code topic}. */
    private static Mqtt5Packets.Connect withWill(String id, String topic, long delaySeconds, long sessionExpiry) {
        return connect(id).sessionExpiry(sessionExpiry)
                .will(topic, "gone", 0, false, Mqtt5Properties.of().willDelay(delaySeconds));
    }
}
