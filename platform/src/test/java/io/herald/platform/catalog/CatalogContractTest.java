package io.herald.platform.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The catalog's behaviour, run against each database by a subclass that says where the catalog lives. */
abstract class CatalogContractTest {

    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

    Catalog catalog;

    /** A fresh, empty catalog location. */
    abstract CatalogSettings newLocation();

    @BeforeEach
    void open() {
        catalog = Catalog.open(newLocation());
    }

    @AfterEach
    void close() {
        catalog.close();
    }

    private static UserRecord user(String id, String name) {
        return new UserRecord(id, name, "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA", T0, T0);
    }

    private static TokenRecord token(String id, String digest, List<AclRule> acl) {
        return new TokenRecord(id, digest, "info of " + id, false, false, 3600L, T0.plusSeconds(3600), acl, T0, T0);
    }

    private static ThingRecord thing(String id, String fingerprint, List<AclRule> acl) {
        return new ThingRecord(id, "d".repeat(64), "sealed", "{\"model\":\"x\"}", fingerprint, acl, T0, T0);
    }

    @Test
    void reachable_andReopeningKeepsData() {
        assertThat(catalog.reachable()).isTrue();
        assertThat(catalog.users().create(user("u1", "alice"))).isTrue();
        CatalogSettings where = catalog.location();
        catalog.close();
        catalog = Catalog.open(where);
        assertThat(catalog.users().findByUsername("alice")).isPresent();
    }

    @Test
    void users_createFindListUpdateDelete() {
        assertThat(catalog.users().create(user("u1", "alice"))).isTrue();
        assertThat(catalog.users().create(user("u2", "bob"))).isTrue();
        assertThat(catalog.users().find("u1")).get().isEqualTo(user("u1", "alice"));
        assertThat(catalog.users().findByUsername("bob").orElseThrow().userId()).isEqualTo("u2");
        assertThat(catalog.users().list(0, 10)).extracting(UserRecord::username).containsExactly("alice", "bob");
        assertThat(catalog.users().list(1, 10)).extracting(UserRecord::username).containsExactly("bob");

        Instant later = T0.plus(1, ChronoUnit.HOURS);
        assertThat(catalog.users().updatePassword("u1", "$argon2id$new", later)).isTrue();
        assertThat(catalog.users().find("u1").orElseThrow())
                .extracting(UserRecord::passwordHash, UserRecord::updatedAt).containsExactly("$argon2id$new", later);
        assertThat(catalog.users().updatePassword("nobody", "x", later)).isFalse();

        assertThat(catalog.users().delete("u1")).isTrue();
        assertThat(catalog.users().delete("u1")).isFalse();
        assertThat(catalog.users().find("u1")).isEmpty();
    }

    @Test
    void users_duplicateIdOrUsername_refused() {
        assertThat(catalog.users().create(user("u1", "alice"))).isTrue();
        assertThat(catalog.users().create(user("u1", "carol"))).isFalse();
        assertThat(catalog.users().create(user("u9", "alice"))).isFalse();
        assertThat(catalog.users().list(0, 10)).hasSize(1);
    }

    @Test
    void users_sqlIshStrings_storedLiterally() {
        String name = "x'; DROP TABLE users; --";
        assertThat(catalog.users().create(user("u1", name))).isTrue();
        assertThat(catalog.users().findByUsername(name)).isPresent();
        assertThat(catalog.users().findByUsername("x' OR '1'='1")).isEmpty();
    }

    @Test
    void accessTokens_expireAndGoWithTheirUser() {
        catalog.users().create(user("u1", "alice"));
        catalog.users().addAccessToken("a".repeat(64), "u1", T0, T0.plusSeconds(60));
        catalog.users().addAccessToken("b".repeat(64), "u1", T0, T0.plusSeconds(10));
        assertThat(catalog.users().accessTokens(T0.plusSeconds(30)))
                .extracting(Users.AccessTokenRecord::digest).containsExactly("a".repeat(64));
        assertThat(catalog.users().deleteExpiredAccessTokens(T0.plusSeconds(30))).isEqualTo(1);
        catalog.users().delete("u1");
        assertThat(catalog.users().accessTokens(T0)).isEmpty();
    }

    @Test
    void accessToken_forUnknownUser_refusedByForeignKey() {
        assertThatThrownBy(() -> catalog.users().addAccessToken("a".repeat(64), "ghost", T0, T0.plusSeconds(60)))
                .isInstanceOf(RuntimeException.class);
    }

    @Test
    void things_createWithAclFindListDelete() {
        List<AclRule> acl = List.of(new AclRule("plant/+/status", true, false), new AclRule("plant/cmd/#", false, true));
        assertThat(catalog.things().create(thing("dev-1", null, acl))).isTrue();
        assertThat(catalog.things().create(thing("dev-2", "f".repeat(64), List.of()))).isTrue();
        assertThat(catalog.things().find("dev-1")).get().isEqualTo(thing("dev-1", null, acl));
        assertThat(catalog.things().list(0, 1)).extracting(ThingRecord::thingId).containsExactly("dev-1");
        assertThat(catalog.things().list(0, 10).getFirst().acl()).isEqualTo(acl);
        assertThat(catalog.things().all()).hasSize(2);

        assertThat(catalog.things().delete("dev-1")).isTrue();
        assertThat(catalog.things().find("dev-1")).isEmpty();
        assertThat(catalog.things().create(thing("dev-1", null, List.of()))).isTrue();
        assertThat(catalog.things().find("dev-1").orElseThrow().acl()).as("the old ACL went with the thing").isEmpty();
    }

    @Test
    void things_duplicateIdOrFingerprint_refused() {
        assertThat(catalog.things().create(thing("dev-1", "f".repeat(64), List.of()))).isTrue();
        assertThat(catalog.things().create(thing("dev-1", null, List.of()))).isFalse();
        assertThat(catalog.things().create(thing("dev-2", "f".repeat(64), List.of()))).isFalse();
    }

    @Test
    void things_updateSecret() {
        catalog.things().create(thing("dev-1", null, List.of()));
        assertThat(catalog.things().updateSecret("dev-1", "e".repeat(64), null, T0.plusSeconds(5))).isTrue();
        ThingRecord t = catalog.things().find("dev-1").orElseThrow();
        assertThat(t.secretDigest()).isEqualTo("e".repeat(64));
        assertThat(t.sealedSecret()).isNull();
        assertThat(catalog.things().updateSecret("nope", "e".repeat(64), null, T0)).isFalse();
    }

    @Test
    void tokens_createFindListUpdateDelete() {
        List<AclRule> acl = List.of(new AclRule("project/group/user1", false, true));
        TokenRecord t1 = token("t1", "1".repeat(64), acl);
        assertThat(catalog.tokens().create(t1)).isTrue();
        TokenRecord admin = new TokenRecord("t2", "2".repeat(64), null, true, true, null, null, List.of(), T0, T0);
        assertThat(catalog.tokens().create(admin)).isTrue();
        assertThat(catalog.tokens().find("t1")).get().isEqualTo(t1);
        assertThat(catalog.tokens().find("t2")).get().isEqualTo(admin);
        assertThat(catalog.tokens().list(0, 10)).containsExactly(t1, admin);
        assertThat(catalog.tokens().all()).containsExactlyInAnyOrder(t1, admin);

        List<AclRule> newAcl = List.of(new AclRule("a/{clientId}/#", true, true), new AclRule("b", true, false));
        TokenRecord changed = new TokenRecord("t1", "ignored", "new info", false, true, null, null, newAcl, T0,
                T0.plusSeconds(9));
        assertThat(catalog.tokens().update(changed)).isTrue();
        TokenRecord read = catalog.tokens().find("t1").orElseThrow();
        assertThat(read.acl()).isEqualTo(newAcl);
        assertThat(read.digest()).as("update keeps the digest").isEqualTo("1".repeat(64));
        assertThat(read.expiresAt()).isNull();
        assertThat(read.api()).isTrue();

        assertThat(catalog.tokens().updateDigest("t1", "3".repeat(64), T0.plusSeconds(10))).isTrue();
        assertThat(catalog.tokens().find("t1").orElseThrow().digest()).isEqualTo("3".repeat(64));

        assertThat(catalog.tokens().delete("t1")).isTrue();
        assertThat(catalog.tokens().delete("t1")).isFalse();
        assertThat(catalog.tokens().update(changed)).isFalse();
        assertThat(catalog.tokens().all()).containsExactly(admin);
    }

    @Test
    void tokens_duplicateDigest_refused() {
        assertThat(catalog.tokens().create(token("t1", "1".repeat(64), List.of()))).isTrue();
        assertThat(catalog.tokens().create(token("t2", "1".repeat(64), List.of()))).isFalse();
        assertThat(catalog.tokens().all()).hasSize(1);
    }

    @Test
    void settings_putIfAbsentThenPut() {
        assertThat(catalog.settings().get(Settings.ADMIN_TOKEN_DIGEST)).isEmpty();
        assertThat(catalog.settings().putIfAbsent(Settings.ADMIN_TOKEN_DIGEST, "one")).isTrue();
        assertThat(catalog.settings().putIfAbsent(Settings.ADMIN_TOKEN_DIGEST, "two")).isFalse();
        assertThat(catalog.settings().get(Settings.ADMIN_TOKEN_DIGEST)).contains("one");
        catalog.settings().put(Settings.ADMIN_TOKEN_DIGEST, "three");
        assertThat(catalog.settings().get(Settings.ADMIN_TOKEN_DIGEST)).contains("three");
    }
}
