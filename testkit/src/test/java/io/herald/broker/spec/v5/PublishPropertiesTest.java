package io.herald.broker.spec.v5;

import static io.herald.broker.spec.v5.V5Client.QUIET;
import static io.herald.broker.spec.v5.V5Client.clientId;
import static io.herald.broker.spec.v5.V5Client.connected;
import static io.herald.broker.spec.v5.V5Client.subscribed;
import static io.herald.broker.spec.v5.V5Client.topic;
import static io.herald.testkit.Mqtt5Packet.PUBACK;
import static io.herald.testkit.Mqtt5Packet.PUBREC;
import static io.herald.testkit.Mqtt5Packets.connect;
import static io.herald.testkit.Mqtt5Packets.options;
import static io.herald.testkit.Mqtt5Packets.puback;
import static io.herald.testkit.Mqtt5Packets.publish;
import static io.herald.testkit.Mqtt5Properties.CONTENT_TYPE;
import static io.herald.testkit.Mqtt5Properties.CORRELATION_DATA;
import static io.herald.testkit.Mqtt5Properties.PAYLOAD_FORMAT_INDICATOR;
import static io.herald.testkit.Mqtt5Properties.RESPONSE_TOPIC;
import static org.assertj.core.api.Assertions.assertThat;

import io.herald.testkit.EmbeddedHerald;
import io.herald.testkit.Mqtt5Packet;
import io.herald.testkit.Mqtt5Properties;
import io.herald.testkit.Mqtt5Properties.Pair;
import io.herald.testkit.MqttPackets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The properties an application message carries from publisher to subscribers [MQTT-3.3.2-4],
 * [MQTT-3.3.2-15] to [MQTT-3.3.2-20]: Response Topic and Correlation Data (request/response), Payload
 * Format Indicator (validated when 1), Content Type and User Properties in order.
 */
@Timeout(20)
class PublishPropertiesTest {

    /** 0xC3 0x28: a two-byte UTF-8 sequence whose second byte is not a continuation byte. */
    private static final byte[] INVALID_UTF8 = MqttPackets.bytes(0x61, 0xC3, 0x28);

    @RegisterExtension
    static final EmbeddedHerald herald = EmbeddedHerald.create();

    @Test
    void mqtt_3_3_2_15_16_responseTopicAndCorrelationData_passedThroughUnaltered() {
        String t = topic("request");
        byte[] correlation = MqttPackets.bytes(0x00, 0xFF, 0x10, 0x80);
        try (V5Client sub = subscribed(herald.mqttPort(), t, options(1, false, false, 0));
                V5Client pub = connected(herald.mqttPort(), clientId("pub"))) {
            pub.send(publish(t, "q").qos(1, 1).properties(Mqtt5Properties.of()
                    .responseTopic(t + "/reply").correlationData(correlation)).toBytes()).expect(PUBACK);
            Mqtt5Packet p = sub.expectPublish();
            assertThat(p.properties().string(RESPONSE_TOPIC)).isEqualTo(t + "/reply");
            assertThat(p.properties().binary(CORRELATION_DATA)).isEqualTo(correlation);
            sub.send(puback(p.packetId()));
        }
    }

    @Test
    void mqtt_4_10_requestResponse_responderAnswersOnResponseTopicWithCorrelationData() {
        String requests = topic("service");
        Mqtt5Properties askForInfo = Mqtt5Properties.of().requestResponseInformation(1);
        try (V5Client responder = subscribed(herald.mqttPort(), requests, options(1, false, false, 0));
                V5Client requester = connected(herald.mqttPort(), connect(clientId("req")).properties(askForInfo))) {
            String replies = requester.connack().properties().string(Mqtt5Properties.RESPONSE_INFORMATION) + "r1";
            requester.subscribe(1, Mqtt5Properties.of(), replies, options(1, false, false, 0));
            requester.send(publish(requests, "2+2").qos(1, 2).properties(Mqtt5Properties.of()
                    .responseTopic(replies).correlationData(MqttPackets.bytes(42))).toBytes()).expect(PUBACK);

            Mqtt5Packet request = responder.expectPublish();
            responder.send(puback(request.packetId()));
            responder.send(publish(request.properties().string(RESPONSE_TOPIC), "4").qos(1, 1).properties(
                    Mqtt5Properties.of().correlationData(request.properties().binary(CORRELATION_DATA))).toBytes())
                    .expect(PUBACK);

            Mqtt5Packet response = requester.expectPublish();
            assertThat(response.topic()).isEqualTo(replies);
            assertThat(response.payloadText()).isEqualTo("4");
            assertThat(response.properties().binary(CORRELATION_DATA)).containsExactly(42);
            requester.send(puback(response.packetId()));
        }
    }

    @ParameterizedTest(name = "Payload Format Indicator {0}")
    @ValueSource(ints = {0, 1})
    void mqtt_3_3_2_4_payloadFormatIndicator_passedThroughUnaltered(int format) {
        String t = topic("format");
        try (V5Client sub = subscribed(herald.mqttPort(), t, options(0, false, false, 0));
                V5Client pub = connected(herald.mqttPort(), clientId("pub"))) {
            pub.send(publish(t, "text ✓").properties(Mqtt5Properties.of().payloadFormat(format)).toBytes());
            Mqtt5Packet p = sub.expectPublish();
            assertThat(p.properties().integer(PAYLOAD_FORMAT_INDICATOR)).isEqualTo(format);
            assertThat(p.payloadText()).isEqualTo("text ✓");
        }
    }

    @Test
    void mqtt_3_3_2_4_noPayloadFormatIndicator_noneForwarded() {
        String t = topic("noformat");
        try (V5Client sub = subscribed(herald.mqttPort(), t, options(0, false, false, 0));
                V5Client pub = connected(herald.mqttPort(), clientId("pub"))) {
            pub.send(publish(t, INVALID_UTF8).toBytes()); // not validated without the indicator
            Mqtt5Packet p = sub.expectPublish();
            assertThat(p.properties().has(PAYLOAD_FORMAT_INDICATOR)).isFalse();
            assertThat(p.payload()).isEqualTo(INVALID_UTF8);
        }
    }

    @Test
    void mqtt_3_3_2_3_2_payloadFormat1WithInvalidUtf8Qos1_puback0x99AndNotForwarded() {
        String t = topic("badutf8");
        try (V5Client sub = subscribed(herald.mqttPort(), t, options(1, false, false, 0));
                V5Client pub = connected(herald.mqttPort(), clientId("pub"))) {
            Mqtt5Packet ack = pub.send(publish(t, INVALID_UTF8).qos(1, 7).properties(Mqtt5Properties.of()
                    .payloadFormat(1)).toBytes()).expect(PUBACK);
            assertThat(ack.packetId()).isEqualTo(7);
            assertThat(ack.reasonCode()).isEqualTo(0x99);
            sub.expectNothing(QUIET);
            pub.roundTrip(); // the connection goes on
        }
    }

    @Test
    void mqtt_3_3_2_3_2_payloadFormat1WithInvalidUtf8Qos2_pubrec0x99() {
        try (V5Client pub = connected(herald.mqttPort(), clientId("pub"))) {
            Mqtt5Packet ack = pub.send(publish(topic("badutf8q2"), INVALID_UTF8).qos(2, 8).properties(
                    Mqtt5Properties.of().payloadFormat(1)).toBytes()).expect(PUBREC);
            assertThat(ack.reasonCode()).isEqualTo(0x99);
        }
    }

    @Test
    void mqtt_3_3_2_3_2_payloadFormat1WithInvalidUtf8Qos0_disconnect0x99() {
        String t = topic("badutf8q0");
        try (V5Client sub = subscribed(herald.mqttPort(), t, options(0, false, false, 0));
                V5Client pub = connected(herald.mqttPort(), clientId("pub"))) {
            pub.send(publish(t, INVALID_UTF8).properties(Mqtt5Properties.of().payloadFormat(1)).toBytes())
                    .expectDisconnect(0x99);
            sub.expectNothing(QUIET);
        }
    }

    @Test
    void mqtt_3_3_2_20_contentType_passedThroughUnaltered() {
        String t = topic("ctype");
        try (V5Client sub = subscribed(herald.mqttPort(), t, options(0, false, false, 0));
                V5Client pub = connected(herald.mqttPort(), clientId("pub"))) {
            pub.send(publish(t, "{}").properties(Mqtt5Properties.of().contentType("application/json; v=2"))
                    .toBytes());
            assertThat(sub.expectPublish().properties().string(CONTENT_TYPE)).isEqualTo("application/json; v=2");
        }
    }

    @Test
    void mqtt_3_3_2_17_18_userProperties_passedThroughUnalteredAndInOrder() {
        String t = topic("user");
        try (V5Client sub = subscribed(herald.mqttPort(), t, options(1, false, false, 0));
                V5Client pub = connected(herald.mqttPort(), clientId("pub"))) {
            pub.send(publish(t, "m").qos(1, 1).properties(Mqtt5Properties.of()
                    .userProperty("b", "1").userProperty("a", "2").userProperty("b", "3").userProperty("ü", ""))
                    .toBytes()).expect(PUBACK);
            Mqtt5Packet p = sub.expectPublish();
            assertThat(p.properties().userProperties()).containsExactly(
                    new Pair("b", "1"), new Pair("a", "2"), new Pair("b", "3"), new Pair("ü", ""));
            sub.send(puback(p.packetId()));
        }
    }

    @Test
    void mqtt_3_3_4_6_publishWithSubscriptionIdentifier_protocolError0x82() {
        try (V5Client pub = connected(herald.mqttPort(), clientId("pub"))) {
            pub.send(publish(topic("subid"), "x").properties(Mqtt5Properties.of().subscriptionId(3)).toBytes())
                    .expectDisconnect(0x82);
        }
    }

    @Test
    void mqtt_3_4_2_2_pubackWithReasonStringAndUserProperties_accepted() {
        String t = topic("ackprops");
        Mqtt5Properties oneAtATime = Mqtt5Properties.of().receiveMaximum(1);
        try (V5Client sub = connected(herald.mqttPort(), connect(clientId("sub")).properties(oneAtATime));
                V5Client pub = connected(herald.mqttPort(), clientId("pub"))) {
            sub.subscribe(1, Mqtt5Properties.of(), t, options(1, false, false, 0));
            pub.send(publish(t, "1").qos(1, 1).toBytes(), publish(t, "2").qos(1, 2).toBytes());
            Mqtt5Packet first = sub.expectPublish();
            sub.send(puback(first.packetId(), 0x00,
                    Mqtt5Properties.of().reasonString("done").userProperty("trace", "abc")));
            Mqtt5Packet second = sub.expectPublish(); // the first was taken as acknowledged
            assertThat(second.payloadText()).isEqualTo("2");
            sub.send(puback(second.packetId()));
        }
    }
}
