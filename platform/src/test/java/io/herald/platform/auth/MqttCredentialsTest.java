package io.herald.platform.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.broker.auth.ClientCertificate;
import io.herald.platform.auth.MqttCredentials.Accept;
import io.herald.platform.auth.MqttCredentials.Decision;
import io.herald.platform.auth.MqttCredentials.NotMine;
import io.herald.platform.auth.MqttCredentials.Refuse;
import io.herald.platform.catalog.AclRule;
import io.herald.platform.catalog.ThingRecord;
import io.herald.platform.catalog.TokenRecord;
import io.herald.testkit.TestPki;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MqttCredentialsTest {

    private static final Instant NOW = Instant.parse("2026-11-22T10:30:00Z");
    private static final List<AclRule> ACL = List.of(new AclRule("project/group/user1", false, true));

    private final CredentialCache cache = new CredentialCache();
    private final SecretSealer sealer = SecretSealer.ephemeral();
    private final MqttCredentials credentials =
            new MqttCredentials(cache, sealer, Duration.ofMinutes(10), Clock.fixed(NOW, ZoneOffset.UTC));

    private String addToken(String id, boolean admin, Instant expiresAt) {
        String token = Secrets.generate();
        cache.putToken(new TokenRecord(id, Secrets.digest(token), null, admin, false, null, expiresAt,
                admin ? List.of() : ACL, NOW, NOW));
        return token;
    }

    private String addThing(String id, String fingerprint) {
        String secret = Secrets.generate();
        cache.putThing(new ThingRecord(id, Secrets.digest(secret), sealer.seal(secret), null, fingerprint,
                List.of(new AclRule("extra/#", true, false)), NOW, NOW));
        return secret;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private Credential accepted(Decision d) {
        assertThat(d).isInstanceOf(Accept.class);
        return ((Accept) d).credential();
    }

    @Test
    void tokenAsUsername_emptyOrAbsentPassword_acceptedWithItsAcl() {
        String token = addToken("t1", false, NOW.plusSeconds(60));
        Credential c = accepted(credentials.check("c1", token, null, null));
        assertThat(c).isEqualTo(new Credential("token", "t1", false, ACL, NOW.plusSeconds(60)));
        accepted(credentials.check("c1", token, new byte[0], null));
        accepted(credentials.check("c1", "FlespiToken " + token, null, null));
    }

    @Test
    void tokenAsPassword_anyUsername_accepted() {
        String token = addToken("t1", false, null);
        assertThat(accepted(credentials.check("c1", "whoever", bytes(token), null)).id()).isEqualTo("t1");
        assertThat(accepted(credentials.check("c1", null, bytes("FlespiToken " + token), null)).id()).isEqualTo("t1");
        assertThat(accepted(credentials.check("c1", "x", bytes("Bearer " + token), null)).id()).isEqualTo("t1");
    }

    @Test
    void expiredToken_refused_unknownToken_notMine() {
        String token = addToken("t1", false, NOW);
        assertThat(credentials.check("c1", token, null, null)).isInstanceOf(Refuse.class);
        assertThat(credentials.check("c1", Secrets.generate(), null, null)).isInstanceOf(NotMine.class);
        assertThat(credentials.check("c1", "alice", bytes("password"), null)).isInstanceOf(NotMine.class);
        assertThat(credentials.check("c1", null, null, null)).isInstanceOf(NotMine.class);
    }

    @Test
    void adminTokens_allowEverything() {
        String token = addToken("t1", true, null);
        assertThat(accepted(credentials.check("c1", token, null, null)).allowAll()).isTrue();
        String bootstrap = Secrets.generate();
        cache.setAdminDigest(Secrets.digest(bootstrap));
        assertThat(accepted(credentials.check("c1", bootstrap, null, null)))
                .isEqualTo(new Credential("token", "admin", true, List.of(), null));
    }

    @Test
    void deletedOrRegeneratedToken_noLongerWorks() {
        String token = addToken("t1", false, null);
        TokenRecord t = cache.tokenByDigest(Secrets.digest(token)).orElseThrow();
        String fresh = Secrets.generate();
        cache.putToken(t.withDigest(Secrets.digest(fresh), NOW));
        assertThat(credentials.check("c1", token, null, null)).isInstanceOf(NotMine.class);
        accepted(credentials.check("c1", fresh, null, null));
        cache.removeToken("t1");
        assertThat(credentials.check("c1", fresh, null, null)).isInstanceOf(NotMine.class);
    }

    @Test
    void thingSecret_acceptedWithItsOwnTopicsFirst_wrongSecretRefused() {
        String secret = addThing("dev-1", null);
        Credential c = accepted(credentials.check("any", "dev-1", bytes(secret), null));
        assertThat(c.kind()).isEqualTo("thing");
        assertThat(c.acl()).containsExactly(new AclRule("$oc/devices/dev-1/#", true, true),
                new AclRule("extra/#", true, false));
        assertThat(credentials.check("any", "dev-1", bytes("wrong"), null)).isInstanceOf(Refuse.class);
    }

    @Test
    void huaweiScheme_type0AnyTime_type1OnlyFresh() {
        String secret = addThing("dev_1", null);
        String old = "2018072417";
        assertThat(accepted(credentials.check("dev_1_0_0_" + old, "dev_1",
                bytes(HuaweiLogin.signature(secret, old)), null)).id()).isEqualTo("dev_1");
        assertThat(credentials.check("dev_1_0_1_" + old, "dev_1", bytes(HuaweiLogin.signature(secret, old)), null))
                .isInstanceOf(Refuse.class);
        String current = HuaweiLogin.timestampOf(NOW);
        accepted(credentials.check("dev_1_0_1_" + current, "dev_1", bytes(HuaweiLogin.signature(secret, current)), null));
        assertThat(credentials.check("dev_1_0_1_" + current, "dev_1", bytes(HuaweiLogin.signature("nope", current)),
                null)).isInstanceOf(Refuse.class);
    }

    @Test
    void huaweiScheme_thingWithoutSealedSecret_refused() {
        cache.putThing(new ThingRecord("dev", Secrets.digest("s"), null, null, null, List.of(), NOW, NOW));
        String ts = HuaweiLogin.timestampOf(NOW);
        assertThat(credentials.check("dev_0_0_" + ts, "dev", bytes(HuaweiLogin.signature("s", ts)), null))
                .isInstanceOf(Refuse.class);
    }

    @Test
    void certificate_mapsToThingByFingerprintOrCommonName(@TempDir Path dir) throws Exception {
        X509Certificate cert = TestPki.create(dir, "pki").client("dev-cn").certificate();
        ClientCertificate byCn = new ClientCertificate("CN=dev-cn", "dev-cn", List.of(), List.of(cert));
        assertThat(credentials.check("c", null, null, byCn)).isInstanceOf(NotMine.class);
        addThing("dev-cn", null);
        assertThat(accepted(credentials.check("c", null, null, byCn)).id()).isEqualTo("dev-cn");

        addThing("registered", Secrets.digest(cert.getEncoded()));
        ClientCertificate noCn = new ClientCertificate("O=x", null, List.of(), List.of(cert));
        assertThat(accepted(credentials.check("c", null, null, noCn)).id()).isEqualTo("registered");
    }
}
