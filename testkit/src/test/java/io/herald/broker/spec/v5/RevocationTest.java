package io.herald.broker.spec.v5;

import static io.herald.broker.spec.v5.V5Client.clientId;
import static io.herald.broker.spec.v5.V5Client.connected;
import static io.herald.broker.spec.v5.V5Client.topic;
import static io.herald.testkit.Mqtt5Packets.connect;
import static io.herald.testkit.Mqtt5Packets.options;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.herald.broker.DisconnectReason;
import io.herald.broker.auth.AuthResult;
import io.herald.broker.auth.ClientIdentity;
import io.herald.broker.auth.Permissions;
import io.herald.broker.auth.Principal;
import io.herald.broker.publish.PublishRequest;
import io.herald.testkit.EmbeddedHerald;
import io.herald.testkit.Mqtt5Packets;
import io.herald.testkit.Mqtt5Properties;
import io.herald.testkit.MqttPackets;
import io.herald.testkit.RawMqttClient;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Revocation: {@code Broker.disconnect(principal, reason, discardSession)} ends every live connection of
 * a credential within a second, whatever its protocol level, and with "discard" its persistent session,
 * so its queue stops filling.
 */
@Timeout(20)
class RevocationTest {

    private static final Duration WITHIN = Duration.ofSeconds(1);

    /** User name "token-N": the token credential N. */
    @RegisterExtension
    static final EmbeddedHerald herald = EmbeddedHerald.create().authenticator(info ->
            CompletableFuture.completedFuture(AuthResult.accept(new ClientIdentity(info.clientId(), info.username(),
                    new Principal(Principal.KIND_TOKEN, info.username()), Permissions.ALLOW_ALL, null))));

    @Test
    void revokedPrincipal_itsTwoConnectionsClosedWithinASecond_othersStay() throws Exception {
        try (V5Client v5 = connected(herald.mqttPort(), connect(clientId("a")).username("token-1"));
                RawMqttClient v3 = RawMqttClient.connect(herald.mqttPort());
                V5Client other = connected(herald.mqttPort(), connect(clientId("c")).username("token-2"))) {
            v3.send(MqttPackets.connect(MqttPackets.MQTT_3_1_1, clientId("b")).username("token-1").toBytes())
                    .expectPacket(MqttPackets.connack(false, 0));
            long start = System.nanoTime();
            int closed = revoke("token-1", false);
            v5.expectDisconnect(0x98);
            v3.expectClosed(Duration.ofSeconds(5));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(WITHIN);
            assertThat(closed).isEqualTo(2);
            other.roundTrip();
        }
    }

    @Test
    void revokeWithDiscard_persistentSessionAndItsQueueGone() throws Exception {
        String id = clientId("keep");
        String t = topic("queued");
        try (V5Client c = connected(herald.mqttPort(), connect(id).username("token-3").sessionExpiry(300))) {
            c.subscribe(1, Mqtt5Properties.of(), t, options(1, false, false, 0));
            assertThat(revoke("token-3", true)).isOne();
            c.expectDisconnect(0x98);
        }
        assertThat(publish(t)).as("no session left to queue for").isZero();
        try (V5Client back = connected(herald.mqttPort(),
                connect(id).username("token-3").cleanStart(false).sessionExpiry(300))) {
            assertThat(back.connack().sessionPresent()).isFalse();
        }
    }

    @Test
    void revokeWithoutDiscard_persistentSessionKeepsQueueing() throws Exception {
        String id = clientId("stay");
        String t = topic("queued");
        try (V5Client c = connected(herald.mqttPort(), connect(id).username("token-4").sessionExpiry(300))) {
            c.subscribe(1, Mqtt5Properties.of(), t, options(1, false, false, 0));
            assertThat(revoke("token-4", false)).isOne();
            c.expectDisconnect(0x98);
        }
        assertThat(publish(t)).isOne();
        try (V5Client back = connected(herald.mqttPort(),
                connect(id).username("token-4").cleanStart(false).sessionExpiry(300))) {
            assertThat(back.connack().sessionPresent()).isTrue();
            assertThat(back.expectPublish().payloadText()).isEqualTo("while revoked");
            back.send(Mqtt5Packets.puback(1));
        }
    }

    private static int revoke(String token, boolean discard) throws Exception {
        return herald.broker().disconnect(new Principal(Principal.KIND_TOKEN, token), DisconnectReason.ADMINISTRATIVE,
                discard).toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    private static int publish(String t) throws Exception {
        return herald.broker().publish(PublishRequest.builder(t, "while revoked".getBytes(UTF_8)).qos(1).build())
                .toCompletableFuture().get(5, TimeUnit.SECONDS).matched();
    }
}
