package io.herald.broker.spec.v5;

import static io.herald.broker.spec.v5.V5Client.QUIET;
import static io.herald.broker.spec.v5.V5Client.clientId;
import static io.herald.broker.spec.v5.V5Client.connected;
import static io.herald.testkit.Mqtt5Packet.CONNACK;
import static io.herald.testkit.Mqtt5Packets.connect;
import static org.assertj.core.api.Assertions.assertThat;

import io.herald.broker.auth.AuthResult;
import io.herald.broker.auth.ClientIdentity;
import io.herald.broker.auth.Permissions;
import io.herald.broker.auth.Principal;
import io.herald.testkit.EmbeddedHerald;
import io.herald.testkit.MovableClock;
import io.herald.testkit.MqttPackets;
import io.herald.testkit.RawMqttClient;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A credential that expires ends its connection within a second of {@code expiresAt}, on the broker's
 * clock: MQTT 5 DISCONNECT 0xA0 (maximum connect time), MQTT 3 closed. The broker runs on a clock the
 * test moves, so an hour passes at once.
 */
@Timeout(20)
class CredentialExpiryTest {

    private static final Duration WITHIN = Duration.ofSeconds(1);

    private static final MovableClock clock = MovableClock.startingNow();

    /** User name "ttl-N": a token credential valid for N seconds from CONNECT on the broker's clock. */
    @RegisterExtension
    static final EmbeddedHerald herald = EmbeddedHerald.create().clock(clock).authenticator(info -> {
        long ttl = Long.parseLong(info.username().substring("ttl-".length()));
        return CompletableFuture.completedFuture(AuthResult.accept(new ClientIdentity(info.clientId(),
                info.username(), new Principal(Principal.KIND_TOKEN, info.clientId()), Permissions.ALLOW_ALL,
                clock.instant().plusSeconds(ttl))));
    });

    @Test
    void mqtt5_expiredCredential_disconnect0xA0_withinASecond() {
        try (V5Client c = connected(herald.mqttPort(), connect(clientId("exp")).username("ttl-3600"))) {
            c.roundTrip();
            clock.advance(Duration.ofSeconds(3_599));
            c.expectNothing(QUIET).roundTrip();
            clock.advance(Duration.ofSeconds(1));
            long start = System.nanoTime();
            c.expectDisconnect(0xA0);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(WITHIN);
        }
    }

    @Test
    void mqtt311_expiredCredential_closed_withinASecond() {
        try (RawMqttClient c = RawMqttClient.connect(herald.mqttPort())) {
            c.send(MqttPackets.connect(MqttPackets.MQTT_3_1_1, clientId("exp3")).username("ttl-60").toBytes())
                    .expectPacket(MqttPackets.connack(false, 0));
            clock.advance(Duration.ofSeconds(61));
            long start = System.nanoTime();
            c.expectClosed(Duration.ofSeconds(5));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(WITHIN);
        }
    }

    @Test
    void alreadyExpiredAtConnect_refused0x87() {
        try (V5Client c = V5Client.open(herald.mqttPort())) {
            assertThat(c.send(connect(clientId("late")).username("ttl-0").toBytes()).expect(CONNACK).reasonCode())
                    .isEqualTo(0x87);
        }
    }

    @Test
    void expiryExtendedByUpdatePermissions_connectionStays() throws Exception {
        String id = clientId("renewed");
        try (V5Client c = connected(herald.mqttPort(), connect(id).username("ttl-60"))) {
            int updated = herald.broker().updatePermissions(who -> who.clientId().equals(id),
                    who -> who.withExpiresAt(clock.instant().plusSeconds(600))).toCompletableFuture()
                    .get(5, TimeUnit.SECONDS);
            assertThat(updated).isOne();
            clock.advance(Duration.ofSeconds(120));
            c.expectNothing(Duration.ofMillis(600)).roundTrip();
            clock.advance(Duration.ofSeconds(600));
            c.expectDisconnect(0xA0);
        }
    }
}
