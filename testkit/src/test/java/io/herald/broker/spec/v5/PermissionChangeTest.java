package io.herald.broker.spec.v5;

import static io.herald.broker.spec.v5.V5Client.QUIET;
import static io.herald.broker.spec.v5.V5Client.clientId;
import static io.herald.broker.spec.v5.V5Client.connected;
import static io.herald.testkit.Mqtt5Packets.connect;
import static io.herald.testkit.Mqtt5Packets.options;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.herald.broker.auth.AclEntry;
import io.herald.broker.auth.Action;
import io.herald.broker.auth.AuthResult;
import io.herald.broker.auth.Authorizer;
import io.herald.broker.auth.ClientIdentity;
import io.herald.broker.auth.Permissions;
import io.herald.broker.auth.Principal;
import io.herald.broker.publish.PublishRequest;
import io.herald.testkit.EmbeddedHerald;
import io.herald.testkit.Mqtt5Properties;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Existing subscriptions follow their client's rights: {@code updatePermissions} and
 * {@code recheckAuthorizer} remove subscriptions no longer allowed (they stop matching, the client stays
 * connected) and filter those now overlapping a deny; a resumed session is checked against its new
 * client's rights.
 */
@Timeout(20)
class PermissionChangeTest {

    private static final Permissions EVERYTHING = Permissions.of(List.of(
            AclEntry.allow("#", Action.SUBSCRIBE, Action.PUBLISH)));
    private static final Permissions ONLY_B = Permissions.of(List.of(
            AclEntry.allow("b/#", Action.SUBSCRIBE, Action.PUBLISH)));

    /** The ACL-file side, changed by the tests. */
    private final AtomicReference<Permissions> file = new AtomicReference<>(Permissions.ALLOW_ALL);

    /** User "narrow" gets {@link #ONLY_B}, everyone else {@link #EVERYTHING}. */
    @RegisterExtension
    final EmbeddedHerald herald = EmbeddedHerald.create().authorizer(Authorizer.of(file::get)).authenticator(info ->
            CompletableFuture.completedFuture(AuthResult.accept(new ClientIdentity(info.clientId(), info.username(),
                    new Principal(Principal.KIND_TOKEN, String.valueOf(info.username())),
                    "narrow".equals(info.username()) ? ONLY_B : EVERYTHING, null))));

    @Test
    void updatePermissions_removesASubscriptionNoLongerAllowed_clientStaysConnected() throws Exception {
        String id = clientId("up");
        try (V5Client c = connected(herald.mqttPort(), connect(id).username("wide"))) {
            c.subscribe(1, Mqtt5Properties.of(), "a/#", options(0, false, false, 0));
            c.subscribe(2, Mqtt5Properties.of(), "b/#", options(0, false, false, 0));
            int updated = herald.broker().updatePermissions(who -> who.clientId().equals(id),
                    who -> who.withPermissions(ONLY_B)).toCompletableFuture().get(5, TimeUnit.SECONDS);
            assertThat(updated).isOne();
            assertThat(publish("a/x")).as("a/# was removed").isZero();
            assertThat(publish("b/x")).isOne();
            assertThat(c.expectPublish().topic()).isEqualTo("b/x");
            c.expectNothing(QUIET).roundTrip();
            assertThat(herald.broker().metrics().subscriptionsRevokedCount()).isOne();
        }
    }

    @Test
    void updatePermissions_aNewDenyUnderAWildcard_filtersIt() throws Exception {
        String id = clientId("filter");
        try (V5Client c = connected(herald.mqttPort(), connect(id).username("wide"))) {
            c.subscribe(1, Mqtt5Properties.of(), "a/#", options(0, false, false, 0));
            herald.broker().updatePermissions(who -> who.clientId().equals(id), who -> who.withPermissions(
                    Permissions.of(List.of(AclEntry.deny("a/secret", Action.SUBSCRIBE),
                            AclEntry.allow("#", Action.SUBSCRIBE))))).toCompletableFuture().get(5, TimeUnit.SECONDS);
            publish("a/secret");
            publish("a/open");
            assertThat(c.expectPublish().topic()).isEqualTo("a/open");
            c.expectNothing(QUIET);
        }
    }

    @Test
    void recheckAuthorizer_afterAnAclChange_removesASubscriptionNoLongerAllowed() throws Exception {
        try (V5Client c = connected(herald.mqttPort(), connect(clientId("acl")).username("wide"))) {
            c.subscribe(1, Mqtt5Properties.of(), "news/a", options(0, false, false, 0));
            c.subscribe(2, Mqtt5Properties.of(), "weather/a", options(0, false, false, 0));
            file.set(Permissions.of(List.of(AclEntry.deny("news/#", Action.SUBSCRIBE),
                    AclEntry.allow("#", Action.SUBSCRIBE, Action.PUBLISH))));
            assertThat(herald.broker().recheckAuthorizer().toCompletableFuture().get(5, TimeUnit.SECONDS)).isOne();
            assertThat(publish("news/a")).isZero();
            assertThat(publish("weather/a")).isOne();
            assertThat(c.expectPublish().topic()).isEqualTo("weather/a");
        }
    }

    @Test
    void resumedSession_isCheckedAgainstTheReconnectingClientsRights() throws Exception {
        String id = clientId("resume");
        try (V5Client c = connected(herald.mqttPort(), connect(id).username("wide").sessionExpiry(300))) {
            c.subscribe(1, Mqtt5Properties.of(), "a/#", options(1, false, false, 0));
            c.subscribe(2, Mqtt5Properties.of(), "b/#", options(1, false, false, 0));
            c.disconnect();
        }
        try (V5Client back = connected(herald.mqttPort(),
                connect(id).username("narrow").cleanStart(false).sessionExpiry(300))) {
            assertThat(back.connack().sessionPresent()).isTrue();
            assertThat(publish("a/x")).isZero();
            assertThat(publish("b/x")).isOne();
        }
    }

    private int publish(String topic) throws Exception {
        return herald.broker().publish(PublishRequest.builder(topic, "m".getBytes(UTF_8)).build())
                .toCompletableFuture().get(5, TimeUnit.SECONDS).matched();
    }
}
