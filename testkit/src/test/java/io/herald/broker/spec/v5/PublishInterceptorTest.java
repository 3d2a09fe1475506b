package io.herald.broker.spec.v5;

import static io.herald.broker.spec.v5.V5Client.clientId;
import static io.herald.broker.spec.v5.V5Client.connected;
import static io.herald.broker.spec.v5.V5Client.subscribed;
import static io.herald.testkit.Mqtt5Packet.PUBACK;
import static io.herald.testkit.Mqtt5Packet.PUBREC;
import static io.herald.testkit.Mqtt5Packets.options;
import static io.herald.testkit.Mqtt5Packets.publish;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.broker.BrokerMetrics.DropReason;
import io.herald.broker.publish.InboundPublish;
import io.herald.broker.publish.PublishVerdict;
import io.herald.testkit.EmbeddedHerald;
import io.herald.testkit.Mqtt5Packet;
import io.herald.testkit.Mqtt5Properties;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The inbound-publish hook ({@code Broker.intercept}): an interceptor sees matching client PUBLISH packets
 * with the publisher's identity and MQTT 5 properties before they are acknowledged, whether or not
 * anyone subscribed; accepted ones are routed, refused ones get its reason code [MQTT-3.4.2.1] and go
 * nowhere; acknowledgements stay in PUBLISH order when a verdict comes late [MQTT-4.6.0-2].
 */
@Timeout(20)
class PublishInterceptorTest {

    @RegisterExtension
    static final EmbeddedHerald herald = EmbeddedHerald.create();

    private final List<InboundPublish> seen = new CopyOnWriteArrayList<>();
    private final List<CompletableFuture<PublishVerdict>> later = new CopyOnWriteArrayList<>();
    private AutoCloseable registration;

    @BeforeEach
    void register() {
        registration = herald.broker().intercept(List.of("icpt/+/check", "icpt/late/#"), p -> {
            seen.add(p);
            String body = new String(p.payload(), StandardCharsets.UTF_8);
            if (p.topic().startsWith("icpt/late/")) {
                CompletableFuture<PublishVerdict> v = new CompletableFuture<>();
                later.add(v);
                return v;
            }
            if (body.equals("throw")) {
                throw new IllegalStateException("interceptor bug");
            }
            return CompletableFuture.completedFuture(body.startsWith("bad")
                    ? PublishVerdict.refuse(PublishVerdict.PAYLOAD_FORMAT_INVALID, "bad") : PublishVerdict.ACCEPT);
        });
    }

    @AfterEach
    void unregister() throws Exception {
        registration.close();
    }

    @Test
    void accepted_seenWithoutSubscribers_withIdentityAndProperties() {
        try (V5Client pub = connected(herald.mqttPort(), clientId("pub"))) {
            Mqtt5Packet ack = pub.send(publish("icpt/a/check", "good").qos(1, 1)
                    .properties(Mqtt5Properties.of().responseTopic("icpt/reply").correlationData(new byte[] {7}).userProperty("k", "v"))
                    .toBytes()).expect(PUBACK);
            assertThat(ack.reasonCode()).isEqualTo(0x10); // accepted, nobody subscribed
        }
        assertThat(seen).hasSize(1);
        InboundPublish p = seen.getFirst();
        assertThat(p.publisher().clientId()).startsWith("v5-pub-");
        assertThat(p.protocolLevel()).isEqualTo(5);
        assertThat(p.qos()).isEqualTo(1);
        assertThat(p.responseTopic()).isEqualTo("icpt/reply");
        assertThat(p.correlationData()).containsExactly(7);
        assertThat(p.userProperties()).containsExactly(new io.herald.broker.publish.UserProperty("k", "v"));
    }

    @Test
    void refused_pubackCarriesReason_notRouted_counted() {
        long dropped = herald.broker().metrics().droppedCount(DropReason.INTERCEPTED);
        try (V5Client sub = subscribed(herald.mqttPort(), "icpt/#", options(1, false, false, 0));
                V5Client pub = connected(herald.mqttPort(), clientId("pub"))) {
            assertThat(pub.send(publish("icpt/a/check", "bad").qos(1, 1).toBytes()).expect(PUBACK).reasonCode())
                    .isEqualTo(0x99);
            assertThat(pub.send(publish("icpt/a/check", "bad").qos(2, 2).toBytes()).expect(PUBREC).reasonCode())
                    .isEqualTo(0x99);
            assertThat(pub.send(publish("icpt/a/check", "throw").qos(1, 3).toBytes()).expect(PUBACK).reasonCode())
                    .isEqualTo(0x80);
            pub.send(publish("icpt/a/check", "bad").toBytes());
            pub.send(publish("icpt/a/check", "good").qos(1, 4).toBytes()).expect(PUBACK);
            assertThat(sub.expectPublish().payloadText()).isEqualTo("good");
            sub.expectNothing(V5Client.QUIET);
        }
        assertThat(herald.broker().metrics().droppedCount(DropReason.INTERCEPTED) - dropped).isEqualTo(4);
    }

    @Test
    void lateVerdicts_acknowledgedInPublishOrder() {
        try (V5Client sub = subscribed(herald.mqttPort(), "icpt/#", options(1, false, false, 0));
                V5Client pub = connected(herald.mqttPort(), clientId("pub"))) {
            pub.send(publish("icpt/late/1", "one").qos(1, 11).toBytes(), publish("icpt/free", "free").qos(1, 12).toBytes(),
                    publish("icpt/late/2", "two").qos(1, 13).toBytes());
            await().until(() -> later.size() == 2);
            pub.expectNothing(V5Client.QUIET); // the free message's PUBACK waits for the first late one
            later.get(1).complete(PublishVerdict.refuse(PublishVerdict.NOT_AUTHORIZED, "no"));
            later.get(0).complete(PublishVerdict.ACCEPT);
            List<Mqtt5Packet> acks = List.of(pub.expect(PUBACK), pub.expect(PUBACK), pub.expect(PUBACK));
            assertThat(acks).extracting(Mqtt5Packet::packetId).containsExactly(11, 12, 13);
            assertThat(acks.get(2).reasonCode()).isEqualTo(0x87);
            assertThat(List.of(sub.expectPublish(), sub.expectPublish())).extracting(Mqtt5Packet::payloadText)
                    .containsExactlyInAnyOrder("one", "free");
            sub.expectNothing(V5Client.QUIET);
        }
    }

    @Test
    void otherTopics_notSeen() {
        try (V5Client pub = connected(herald.mqttPort(), clientId("pub"))) {
            pub.send(publish("icpt/a/other", "x").qos(1, 1).toBytes()).expect(PUBACK);
        }
        assertThat(seen).isEmpty();
    }
}
