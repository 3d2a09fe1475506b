package io.herald.broker.spec.v5;

import static io.herald.broker.spec.v5.V5Client.QUIET;
import static io.herald.broker.spec.v5.V5Client.clientId;
import static io.herald.broker.spec.v5.V5Client.connected;
import static io.herald.broker.spec.v5.V5Client.subscribed;
import static io.herald.broker.spec.v5.V5Client.topic;
import static io.herald.testkit.Mqtt5Packets.options;
import static io.herald.testkit.Mqtt5Properties.CONTENT_TYPE;
import static io.herald.testkit.Mqtt5Properties.CORRELATION_DATA;
import static io.herald.testkit.Mqtt5Properties.MESSAGE_EXPIRY_INTERVAL;
import static io.herald.testkit.Mqtt5Properties.PAYLOAD_FORMAT_INDICATOR;
import static io.herald.testkit.Mqtt5Properties.RESPONSE_TOPIC;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.herald.broker.auth.AclEntry;
import io.herald.broker.auth.Action;
import io.herald.broker.auth.ClientIdentity;
import io.herald.broker.auth.Permissions;
import io.herald.broker.auth.Principal;
import io.herald.broker.publish.Origin;
import io.herald.broker.publish.PublishOutcome;
import io.herald.broker.publish.PublishRefusedException;
import io.herald.broker.publish.PublishRefusedException.Reason;
import io.herald.broker.publish.PublishRequest;
import io.herald.testkit.EmbeddedHerald;
import io.herald.testkit.Mqtt5Packet;
import io.herald.testkit.Mqtt5Packets;
import io.herald.testkit.Mqtt5Properties;
import io.herald.testkit.Mqtt5Properties.Pair;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code Broker.publish(PublishRequest)}, the in-process way into the publish ingress: every MQTT 5
 * property reaches a subscriber, the outcome counts the sessions matched, and refusals say why.
 */
@Timeout(20)
class InProcessPublishTest {

    private static final int MAX_PACKET = 4_096;

    @RegisterExtension
    static final EmbeddedHerald herald = EmbeddedHerald.create(b -> b.maxPacketSize(MAX_PACKET));

    @Test
    void everyPropertyReachesAV5Subscriber_andMatchedCountsSessions() throws Exception {
        String t = topic("cmd");
        try (V5Client sub = subscribed(herald.mqttPort(), t, options(1, false, false, 0));
                V5Client other = subscribed(herald.mqttPort(), t, options(0, false, false, 0))) {
            PublishOutcome outcome = publish(PublishRequest.builder(t, "{\"on\":true}".getBytes(UTF_8))
                    .qos(1).messageExpirySeconds(60L).contentType("application/json").payloadUtf8(true)
                    .responseTopic(t + "/reply").correlationData(new byte[] {1, 2})
                    .userProperty("k", "1").userProperty("j", "2").userProperty("k", "3").build());
            assertThat(outcome.matched()).isEqualTo(2);
            outcome.durable().toCompletableFuture().get(5, TimeUnit.SECONDS);

            Mqtt5Packet p = sub.expectPublish();
            assertThat(p.topic()).isEqualTo(t);
            assertThat(p.qos()).isEqualTo(1);
            assertThat(p.payloadText()).isEqualTo("{\"on\":true}");
            Mqtt5Properties got = p.properties();
            assertThat(got.integer(PAYLOAD_FORMAT_INDICATOR)).isEqualTo(1);
            assertThat(got.integer(MESSAGE_EXPIRY_INTERVAL)).isBetween(59L, 60L);
            assertThat(got.string(CONTENT_TYPE)).isEqualTo("application/json");
            assertThat(got.string(RESPONSE_TOPIC)).isEqualTo(t + "/reply");
            assertThat(got.binary(CORRELATION_DATA)).containsExactly(1, 2);
            assertThat(got.userProperties()).containsExactly(new Pair("k", "1"), new Pair("j", "2"), new Pair("k", "3"));
            sub.send(Mqtt5Packets.puback(p.packetId()));
            assertThat(other.expectPublish().qos()).isZero();
        }
    }

    @Test
    void noSubscriber_matchedZero() throws Exception {
        assertThat(publish(PublishRequest.builder(topic("nobody"), new byte[0]).build()).matched()).isZero();
    }

    @Test
    void retained_reachesALaterSubscriber() throws Exception {
        String t = topic("kept");
        publish(PublishRequest.builder(t, "kept".getBytes(UTF_8)).qos(1).retain(true).build())
                .durable().toCompletableFuture().get(5, TimeUnit.SECONDS);
        try (V5Client sub = connected(herald.mqttPort(), clientId("late"))) {
            sub.subscribe(1, Mqtt5Properties.of(), t, 0);
            Mqtt5Packet p = sub.expectPublish();
            assertThat(p.retain()).isTrue();
            assertThat(p.payloadText()).isEqualTo("kept");
        }
    }

    @Test
    void platform_mayNotPublishToSys() {
        assertThat(refusal(PublishRequest.builder("$SYS/broker/x", new byte[0]).build()))
                .isEqualTo(Reason.RESERVED_TOPIC);
    }

    @Test
    void clientOrigin_checkedAgainstItsPermissions_andNoLocalApplies() throws Exception {
        String t = topic("own");
        ClientIdentity device = new ClientIdentity(clientId("dev"), "dev", new Principal(Principal.KIND_THING, "d"),
                Permissions.of(List.of(AclEntry.allow(t, Action.PUBLISH))), null);
        assertThat(refusal(PublishRequest.builder(topic("other"), new byte[0]).origin(Origin.client(device)).build()))
                .isEqualTo(Reason.NOT_AUTHORIZED);
        try (V5Client self = connected(herald.mqttPort(), device.clientId());
                V5Client sub = subscribed(herald.mqttPort(), t, options(0, false, false, 0))) {
            self.subscribe(1, Mqtt5Properties.of(), t, options(0, true, false, 0));
            PublishOutcome outcome = publish(PublishRequest.builder(t, "x".getBytes(UTF_8))
                    .origin(Origin.client(device)).build());
            assertThat(outcome.matched()).as("No Local leaves out the publisher's own session").isEqualTo(1);
            assertThat(sub.expectPublish().payloadText()).isEqualTo("x");
            self.expectNothing(QUIET);
        }
    }

    @Test
    void expiredClientOrigin_refused() {
        ClientIdentity expired = new ClientIdentity("gone", null).withExpiresAt(java.time.Instant.EPOCH);
        assertThat(refusal(PublishRequest.builder(topic("late"), new byte[0]).origin(Origin.client(expired)).build()))
                .isEqualTo(Reason.NOT_AUTHORIZED);
    }

    @Test
    void largerThanMaximumPacketSize_refused() {
        assertThat(refusal(PublishRequest.builder(topic("big"), new byte[MAX_PACKET]).build()))
                .isEqualTo(Reason.TOO_LARGE);
    }

    private static PublishOutcome publish(PublishRequest request) throws Exception {
        return herald.broker().publish(request).toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    private static Reason refusal(PublishRequest request) {
        try {
            herald.broker().publish(request).toCompletableFuture().join();
            throw new AssertionError("not refused: " + request);
        } catch (CompletionException e) {
            assertThat(e.getCause()).isInstanceOf(PublishRefusedException.class);
            PublishRefusedException refused = (PublishRefusedException) e.getCause();
            assertThat(refused.reasonCode()).isEqualTo(refused.reason().reasonCode());
            return refused.reason();
        }
    }
}
