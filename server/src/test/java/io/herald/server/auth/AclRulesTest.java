package io.herald.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.broker.auth.ClientIdentity;
import io.herald.broker.auth.Effect;
import io.herald.broker.auth.SubscribeDecision;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** First match wins, over rules read from YAML as an operator writes them. */
class AclRulesTest {

    private static final ClientIdentity ANONYMOUS = new ClientIdentity("dev-1", null);
    private static final ClientIdentity BOB = new ClientIdentity("phone-7", "bob");
    private static final ClientIdentity ALICE = new ClientIdentity("sensor-1", "alice");

    private static AclRules rules(String yaml) throws ConfigFileException {
        return AclFileParser.parse(Path.of("acl.yaml"), yaml);
    }

    /** Whether the SUBSCRIBE is granted, filtered or not. */
    private static boolean sub(AclRules rules, ClientIdentity who, String filter) {
        return rules.permissions().subscribe(who, filter) != SubscribeDecision.DENIED;
    }

    private static SubscribeDecision decision(AclRules rules, ClientIdentity who, String filter) {
        return rules.permissions().subscribe(who, filter);
    }

    private static boolean pub(AclRules rules, ClientIdentity who, String topic) {
        return rules.permissions().canPublish(who, topic);
    }

    private static boolean receives(AclRules rules, ClientIdentity who, String topic) {
        return rules.permissions().canReceive(who, topic);
    }

    @Test
    void docsExample_anonymousAnythingButSubscribeToNosubscribe() throws Exception {
        AclRules acl = rules("""
                rules:
                  - {who: anonymous, topic: test/nosubscribe, actions: [subscribe], effect: deny}
                  - {who: anonymous, topic: "#", actions: [subscribe, publish], effect: allow}
                """);
        assertThat(decision(acl, ANONYMOUS, "test/nosubscribe")).isEqualTo(SubscribeDecision.DENIED);
        assertThat(decision(acl, ANONYMOUS, "test/#")).as("granted, test/nosubscribe filtered out")
                .isEqualTo(SubscribeDecision.GRANTED_FILTERED);
        assertThat(decision(acl, ANONYMOUS, "#")).isEqualTo(SubscribeDecision.GRANTED_FILTERED);
        assertThat(decision(acl, ANONYMOUS, "+/nosubscribe")).isEqualTo(SubscribeDecision.GRANTED_FILTERED);
        assertThat(decision(acl, ANONYMOUS, "test/other")).isEqualTo(SubscribeDecision.GRANTED);
        assertThat(decision(acl, ANONYMOUS, "+/other/#")).isEqualTo(SubscribeDecision.GRANTED);
        assertThat(receives(acl, ANONYMOUS, "test/a")).isTrue();
        assertThat(receives(acl, ANONYMOUS, "test/nosubscribe")).isFalse();
        assertThat(pub(acl, ANONYMOUS, "test/nosubscribe")).isTrue();
        assertThat(sub(acl, BOB, "test/other")).as("no rule for users: default deny").isFalse();
    }

    @Test
    void docsExample_eachUserOnlyTheirOwnTree() throws Exception {
        AclRules acl = rules("""
                rules:
                  - who: all
                    topic: users/{username}/#
                    actions: [subscribe, publish]
                    effect: allow
                """);
        assertThat(sub(acl, BOB, "users/bob/#")).isTrue();
        assertThat(sub(acl, BOB, "users/bob/+")).isTrue();
        assertThat(sub(acl, BOB, "users/bob")).isTrue();
        assertThat(sub(acl, BOB, "users/#")).isFalse();
        assertThat(sub(acl, BOB, "users/+/inbox")).isFalse();
        assertThat(sub(acl, BOB, "users/alice/#")).isFalse();
        assertThat(pub(acl, BOB, "users/bob/inbox")).isTrue();
        assertThat(pub(acl, BOB, "users/alice/inbox")).isFalse();
        assertThat(pub(acl, ANONYMOUS, "users/null/inbox")).as("{username} never matches anonymous").isFalse();
    }

    @Test
    void firstMatchWins_inFileOrder() throws Exception {
        AclRules denyFirst = rules("""
                rules:
                  - {who: user:bob, topic: secret/#, actions: [publish], effect: deny}
                  - {who: all, topic: "#", actions: [publish], effect: allow}
                """);
        AclRules allowFirst = rules("""
                rules:
                  - {who: all, topic: "#", actions: [publish], effect: allow}
                  - {who: user:bob, topic: secret/#, actions: [publish], effect: deny}
                """);
        assertThat(pub(denyFirst, BOB, "secret/x")).isFalse();
        assertThat(pub(denyFirst, ALICE, "secret/x")).isTrue();
        assertThat(pub(allowFirst, BOB, "secret/x")).isTrue();
    }

    @Test
    void allowRule_mustCoverTheWholeSubscription_elseLaterRulesDecide() throws Exception {
        AclRules acl = rules("""
                rules:
                  - {who: all, topic: news/sport/#, actions: [subscribe], effect: allow}
                  - {who: user:bob, topic: news/#, actions: [subscribe], effect: allow}
                """);
        assertThat(sub(acl, ALICE, "news/sport/+")).isTrue();
        assertThat(sub(acl, ALICE, "news/#")).isFalse();
        assertThat(sub(acl, BOB, "news/#")).isTrue();
    }

    @Test
    void actions_limitWhatARuleIsAbout() throws Exception {
        AclRules acl = rules("""
                rules:
                  - {who: all, topic: telemetry/#, actions: publish, effect: allow}
                """);
        assertThat(pub(acl, ALICE, "telemetry/t1")).isTrue();
        assertThat(sub(acl, ALICE, "telemetry/t1")).isFalse();
    }

    @Test
    void default_isDenyUnlessTheFileSaysAllow() throws Exception {
        String rule = "  - {who: user:bob, topic: private/#, actions: [subscribe, publish], effect: deny}\n";
        AclRules implicit = rules("rules:\n" + rule);
        AclRules allowing = rules("default: allow\nrules:\n" + rule);
        assertThat(implicit.defaultEffect()).isEqualTo(Effect.DENY);
        assertThat(pub(implicit, ALICE, "anything")).isFalse();
        assertThat(pub(allowing, ALICE, "anything")).isTrue();
        assertThat(pub(allowing, BOB, "private/x")).isFalse();
        assertThat(pub(rules("rules: []"), ALICE, "anything")).isFalse();
    }

    @Test
    void who_anonymousAllUserAndClientIdGlob() throws Exception {
        AclRules acl = rules("""
                rules:
                  - {who: "clientId:sensor-*", topic: "sensors/{clientId}/#", actions: [publish], effect: allow}
                  - {who: "clientId:dev-?", topic: dev/#, actions: [publish], effect: allow}
                  - {who: anonymous, topic: public/#, actions: [publish], effect: allow}
                  - {who: user:bob, topic: bob/#, actions: [publish], effect: allow}
                """);
        assertThat(pub(acl, ALICE, "sensors/sensor-1/t")).isTrue();
        assertThat(pub(acl, ALICE, "sensors/sensor-2/t")).as("{clientId} is the client's own").isFalse();
        assertThat(pub(acl, ANONYMOUS, "dev/x")).isTrue();
        assertThat(pub(acl, new ClientIdentity("dev-10", null), "dev/x")).as("? is one character").isFalse();
        assertThat(pub(acl, ANONYMOUS, "public/x")).isTrue();
        assertThat(pub(acl, BOB, "public/x")).as("anonymous means without a user").isFalse();
        assertThat(pub(acl, BOB, "bob/x")).isTrue();
        assertThat(pub(acl, ALICE, "bob/x")).isFalse();
    }

    @Test
    void placeholderValueWithWildcardOrSlash_failsClosed() throws Exception {
        AclRules acl = rules("""
                rules:
                  - {who: all, topic: "devices/{clientId}/secret", actions: [subscribe], effect: deny}
                  - {who: all, topic: "devices/{clientId}/#", actions: [subscribe], effect: allow}
                  - {who: all, topic: "devices/#", actions: [subscribe], effect: allow}
                """);
        assertThat(sub(acl, new ClientIdentity("d1", null), "devices/d1/status")).isTrue();
        assertThat(sub(acl, new ClientIdentity("d1", null), "devices/d1/secret")).isFalse();
        ClientIdentity sneaky = new ClientIdentity("+", null);
        assertThat(sub(acl, sneaky, "devices/d1/status")).as("the deny rule applies to it").isFalse();
        assertThat(receives(acl, sneaky, "devices/d1/status")).isFalse();
        assertThat(sub(acl, new ClientIdentity("a/b", null), "devices/a/b/x")).isFalse();
    }

    @Test
    void denyAfterTheCoveringAllow_isNeverReached_soNothingIsFiltered() throws Exception {
        AclRules acl = rules("""
                rules:
                  - {who: all, topic: "#", actions: [subscribe], effect: allow}
                  - {who: all, topic: test/nosubscribe, actions: [subscribe], effect: deny}
                """);
        assertThat(decision(acl, ALICE, "#")).isEqualTo(SubscribeDecision.GRANTED);
        assertThat(decision(acl, ALICE, "test/nosubscribe")).isEqualTo(SubscribeDecision.GRANTED);
    }

    @Test
    void denyForOtherClients_doesNotFilterThisOne() throws Exception {
        AclRules acl = rules("""
                rules:
                  - {who: user:bob, topic: secret/#, actions: [subscribe], effect: deny}
                  - {who: all, topic: "#", actions: [subscribe], effect: allow}
                """);
        assertThat(decision(acl, ALICE, "#")).isEqualTo(SubscribeDecision.GRANTED);
        assertThat(decision(acl, BOB, "#")).isEqualTo(SubscribeDecision.GRANTED_FILTERED);
        assertThat(decision(acl, BOB, "secret/+")).isEqualTo(SubscribeDecision.DENIED);
    }

    @Test
    void wildcardRules_doNotReachDollarTopics() throws Exception {
        AclRules acl = rules("""
                rules:
                  - {who: all, topic: "#", actions: [subscribe], effect: allow}
                """);
        assertThat(sub(acl, ALICE, "$SYS/broker/uptime")).isFalse();
        assertThat(sub(acl, ALICE, "a/b")).isTrue();
    }

    /** The rule docs/sys-topics.md shows: $SYS/# allowed by name to one user, refused to others. */
    @Test
    void sysRule_byName_allowsTheStatusTopics() throws Exception {
        AclRules acl = rules("""
                rules:
                  - who: user:alice
                    topic: $SYS/#
                    actions: [subscribe]
                    effect: allow
                """);
        assertThat(sub(acl, ALICE, "$SYS/#")).isTrue();
        assertThat(sub(acl, ALICE, "$SYS/broker/clients/connected")).isTrue();
        assertThat(sub(acl, BOB, "$SYS/#")).isFalse();
    }
}
