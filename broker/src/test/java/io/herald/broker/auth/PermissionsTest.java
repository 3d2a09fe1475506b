package io.herald.broker.auth;

import static io.herald.broker.auth.Action.PUBLISH;
import static io.herald.broker.auth.Action.SUBSCRIBE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The broker's rule engine: first match decides, Mosquitto-like SUBSCRIBE, placeholders. */
class PermissionsTest {

    private static final ClientIdentity DEVICE = new ClientIdentity("pump-7", "acme",
            new Principal(Principal.KIND_THING, "pump-7"), Permissions.ALLOW_ALL, null);

    @Test
    void allowAll_grantsEverything_unfiltered() {
        assertThat(Permissions.ALLOW_ALL.canPublish(DEVICE, "$SYS/x")).isTrue();
        assertThat(Permissions.ALLOW_ALL.subscribe(DEVICE, "#")).isEqualTo(SubscribeDecision.GRANTED);
        assertThat(Permissions.ALLOW_ALL.canReceive(DEVICE, "a")).isTrue();
        assertThat(Permissions.of(List.of())).isEqualTo(Permissions.DENY_ALL);
    }

    @Test
    void subscribe_deniedTopicUnderAWildcard_isGrantedFiltered() {
        Permissions p = Permissions.of(List.of(
                AclEntry.deny("test/nosubscribe", SUBSCRIBE),
                AclEntry.allow("#", SUBSCRIBE, PUBLISH)));
        assertThat(p.subscribe(DEVICE, "#")).isEqualTo(SubscribeDecision.GRANTED_FILTERED);
        assertThat(p.subscribe(DEVICE, "test/#")).isEqualTo(SubscribeDecision.GRANTED_FILTERED);
        assertThat(p.subscribe(DEVICE, "test/nosubscribe")).isEqualTo(SubscribeDecision.DENIED);
        assertThat(p.subscribe(DEVICE, "test/a")).isEqualTo(SubscribeDecision.GRANTED);
        assertThat(p.canReceive(DEVICE, "test/a")).isTrue();
        assertThat(p.canReceive(DEVICE, "test/nosubscribe")).isFalse();
        assertThat(p.canPublish(DEVICE, "test/nosubscribe")).as("the deny is about subscribing").isTrue();
    }

    @Test
    void subscribe_withoutACoveringAllow_isDenied() {
        Permissions p = Permissions.of(List.of(AclEntry.allow("users/{username}/#", SUBSCRIBE)));
        assertThat(p.subscribe(DEVICE, "users/acme/+")).isEqualTo(SubscribeDecision.GRANTED);
        assertThat(p.subscribe(DEVICE, "users/#")).isEqualTo(SubscribeDecision.DENIED);
        assertThat(p.subscribe(DEVICE, "$SYS/#")).isEqualTo(SubscribeDecision.DENIED);
    }

    @Test
    void defaultAllow_grantsWhatNoRuleCovers_filteredWhereADenyOverlaps() {
        Permissions p = Permissions.of(List.of(AclEntry.deny("secret/#", SUBSCRIBE, PUBLISH)), Effect.ALLOW);
        assertThat(p.subscribe(DEVICE, "#")).isEqualTo(SubscribeDecision.GRANTED_FILTERED);
        assertThat(p.subscribe(DEVICE, "public/#")).isEqualTo(SubscribeDecision.GRANTED);
        assertThat(p.subscribe(DEVICE, "secret/a")).isEqualTo(SubscribeDecision.DENIED);
        assertThat(p.canPublish(DEVICE, "secret/a")).isFalse();
        assertThat(p.canPublish(DEVICE, "public/a")).isTrue();
    }

    @Test
    void placeholders_nameTheClient_andFailClosed() {
        Permissions p = Permissions.of(List.of(
                AclEntry.deny("devices/{clientId}/secret", PUBLISH),
                AclEntry.allow("devices/{clientId}/#", PUBLISH)));
        assertThat(p.canPublish(DEVICE, "devices/pump-7/t")).isTrue();
        assertThat(p.canPublish(DEVICE, "devices/pump-8/t")).isFalse();
        assertThat(p.canPublish(DEVICE, "devices/pump-7/secret")).isFalse();
        ClientIdentity sneaky = new ClientIdentity("#", null);
        assertThat(p.canPublish(sneaky, "devices/x/t")).as("the deny applies to a client id that is a wildcard")
                .isFalse();
    }

    @Test
    void scopedEntries_applyOnlyToTheirClients() {
        Permissions p = Permissions.scoped(List.of(
                new Permissions.ScopedEntry(c -> "acme".equals(c.username()), AclEntry.allow("acme/#", PUBLISH))),
                Effect.DENY);
        assertThat(p.canPublish(DEVICE, "acme/x")).isTrue();
        assertThat(p.canPublish(new ClientIdentity("c", "other"), "acme/x")).isFalse();
    }

    @Test
    void aclEntry_validatesItsFilter() {
        assertThatThrownBy(() -> AclEntry.allow("a/#/b", PUBLISH)).hasMessageContaining("not a valid MQTT topic filter");
        assertThatThrownBy(() -> AclEntry.allow("$share/g/a", PUBLISH)).hasMessageContaining("$share/");
        assertThatThrownBy(() -> AclEntry.allow("a/{user}", PUBLISH)).hasMessageContaining("unknown placeholder");
        assertThatThrownBy(() -> new AclEntry(Effect.ALLOW, java.util.Set.of(), "a")).hasMessageContaining("action");
    }

    @Test
    void clientIdentity_twoArgumentForm_isAnonymousOrFileUser_allowAll_neverExpires() {
        assertThat(new ClientIdentity("c1", null).principal()).isEqualTo(Principal.anonymous("c1"));
        ClientIdentity bob = new ClientIdentity("c1", "bob");
        assertThat(bob.principal()).isEqualTo(new Principal(Principal.KIND_FILE_USER, "bob"));
        assertThat(bob.permissions()).isSameAs(Permissions.ALLOW_ALL);
        assertThat(bob.expiredAt(Instant.MAX)).isFalse();
        assertThat(bob.withExpiresAt(Instant.EPOCH).expiredAt(Instant.EPOCH)).isTrue();
    }
}
