package io.herald.broker.spec.v5;

import static io.herald.broker.spec.v5.V5Client.QUIET;
import static io.herald.broker.spec.v5.V5Client.clientId;
import static io.herald.broker.spec.v5.V5Client.connected;
import static io.herald.testkit.Mqtt5Packet.SUBACK;
import static io.herald.testkit.Mqtt5Packets.publish;
import static org.assertj.core.api.Assertions.assertThat;

import io.herald.broker.auth.AclEntry;
import io.herald.broker.auth.Action;
import io.herald.broker.auth.AuthResult;
import io.herald.broker.auth.Authorizer;
import io.herald.broker.auth.ClientIdentity;
import io.herald.broker.auth.Permissions;
import io.herald.broker.auth.Principal;
import io.herald.testkit.EmbeddedHerald;
import io.herald.testkit.Mqtt5Packet;
import io.herald.testkit.Mqtt5Packets;
import io.herald.testkit.Mqtt5Properties;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Mosquitto-like ACL semantics for MQTT 5 clients: a subscription whose filter overlaps a deny is
 * granted and filtered per delivered topic. The deny comes from the client's own credential
 * ({@link ClientIdentity#permissions()}, as the platform's tokens carry it) and from the broker's
 * {@link Authorizer} (as the ACL file does): a client must pass both. One broker per test, since the
 * tests subscribe to {@code #}.
 */
@Timeout(20)
class AclFilterTest {

    /** Credentials of user "token": everything but subscribing to test/nosubscribe. */
    private static final Permissions TOKEN = Permissions.of(List.of(
            AclEntry.deny("test/nosubscribe", Action.SUBSCRIBE),
            AclEntry.allow("#", Action.SUBSCRIBE, Action.PUBLISH)));

    /** The ACL-file side: nobody may receive test/secret. */
    private static final Permissions FILE = Permissions.of(List.of(
            AclEntry.deny("test/secret", Action.SUBSCRIBE),
            AclEntry.allow("#", Action.SUBSCRIBE, Action.PUBLISH)));

    @RegisterExtension
    final EmbeddedHerald herald = EmbeddedHerald.create()
            .authenticator(info -> CompletableFuture.completedFuture(AuthResult.accept("token".equals(info.username())
                    ? new ClientIdentity(info.clientId(), "token", new Principal(Principal.KIND_TOKEN, "t-1"), TOKEN,
                            null)
                    : new ClientIdentity(info.clientId(), info.username()))))
            .authorizer(Authorizer.of(() -> FILE));

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"#", "test/#"})
    void credentialDeny_wildcardReceivesTestA_neverTestNosubscribe(String filter) {
        try (V5Client sub = V5Client.connected(herald.mqttPort(), Mqtt5Packets.connect(clientId("sub")).username("token"));
                V5Client pub = connected(herald.mqttPort(), clientId("pub"))) {
            sub.subscribe(1, Mqtt5Properties.of(), filter, 1);
            pub.send(publish("test/nosubscribe", "hidden").toBytes(), publish("test/secret", "file").toBytes(),
                    publish("test/a", "shown").toBytes()).roundTrip();
            Mqtt5Packet got = sub.expectPublish();
            assertThat(got.topic()).isEqualTo("test/a");
            sub.expectNothing(QUIET);
        }
    }

    @Test
    void authorizerDeny_filtersAClientWhoseCredentialAllowsEverything() {
        try (V5Client sub = connected(herald.mqttPort(), clientId("sub"));
                V5Client pub = connected(herald.mqttPort(), clientId("pub"))) {
            sub.subscribe(1, Mqtt5Properties.of(), "test/+", 0);
            pub.send(publish("test/secret", "hidden").toBytes(), publish("test/nosubscribe", "shown").toBytes())
                    .roundTrip();
            assertThat(sub.expectPublish().topic()).isEqualTo("test/nosubscribe");
            sub.expectNothing(QUIET);
        }
    }

    @Test
    void deniedFilterItself_isRefusedWith0x87() {
        try (V5Client sub = V5Client.connected(herald.mqttPort(), Mqtt5Packets.connect(clientId("sub")).username("token"))) {
            Mqtt5Packet ack = sub.send(Mqtt5Packets.subscribe(1, Mqtt5Properties.of(), "test/nosubscribe", 1))
                    .expect(SUBACK);
            assertThat(ack.reasonCodes()).containsExactly(0x87);
        }
    }
}
