package io.herald.platform.auth;

import io.herald.broker.auth.ClientCertificate;
import io.herald.platform.catalog.AclRule;
import io.herald.platform.catalog.ThingRecord;
import io.herald.platform.catalog.TokenRecord;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateEncodingException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Decides from memory ({@link CredentialCache}) whether an MQTT CONNECT carries a platform credential,
 * in this order: a client certificate registered to a thing (fingerprint) or whose CN is a thing id; the
 * Huawei scheme (client id {@code {thingID}_0_{0|1}_{YYYYMMDDHH}}); a thing's id and secret; a token as
 * the user name with an empty or absent password; a token as the password with any user name. A token
 * may carry a {@code FlespiToken } or {@code Bearer } prefix. What matches none is {@link NotMine}, for the
 * next authenticator (the password file, anonymous access).
 *
 * <p>Fast and non-blocking (SHA-256, one HMAC, one AES-GCM open at most): called on event loops.
 * Thread-safe.
 */
public final class MqttCredentials {

    /** The outcome of a check. */
    public sealed interface Decision {}

    /** A platform credential, verified. */
    public record Accept(Credential credential) implements Decision {}

    /** Why a platform credential does not verify; a metric tag. */
    public enum Failure {
        WRONG_SECRET("wrong_secret"),
        BAD_SIGNATURE("bad_signature"),
        STALE_TIMESTAMP("stale_timestamp"),
        NO_SEALED_SECRET("no_sealed_secret"),
        EXPIRED("expired");

        private final String tag;

        Failure(String tag) {
            this.tag = tag;
        }

        public String tag() {
            return tag;
        }
    }

    /** A platform credential that does not verify: the CONNECT is refused. */
    public record Refuse(Failure failure, String reason) implements Decision {}

    /** Not a platform credential: another authenticator decides. */
    public record NotMine() implements Decision {}

    private static final List<String> TOKEN_PREFIXES = List.of("flespitoken ", "bearer ");

    private final CredentialCache cache;
    private final SecretSealer sealer;
    private final Duration huaweiWindow;
    private final Clock clock;

    /**
     * @param huaweiWindow how far a signature type 1 timestamp may lie from now (beyond the hour it names)
     */
    public MqttCredentials(CredentialCache cache, SecretSealer sealer, Duration huaweiWindow, Clock clock) {
        this.cache = cache;
        this.sealer = sealer;
        this.huaweiWindow = huaweiWindow;
        this.clock = clock;
    }

    public Decision check(String clientId, String username, byte[] password, ClientCertificate certificate) {
        Instant now = clock.instant();
        if (certificate != null) {
            Optional<ThingRecord> thing = certificateThing(certificate);
            if (thing.isPresent() && (username == null || username.equals(thing.get().thingId()))
                    && (password == null || password.length == 0)) {
                return new Accept(thingCredential(thing.get()));
            }
        }
        HuaweiLogin huawei = HuaweiLogin.parse(clientId);
        if (huawei != null && huawei.thingId().equals(username)) {
            Optional<ThingRecord> thing = cache.thing(huawei.thingId());
            if (thing.isPresent()) {
                return huaweiDecision(huawei, thing.get(), password, now);
            }
        }
        if (username != null && password != null && password.length > 0) {
            Optional<ThingRecord> thing = cache.thing(username);
            if (thing.isPresent()) {
                String secret = utf8(password);
                return secret != null && Secrets.matches(secret, thing.get().secretDigest())
                        ? new Accept(thingCredential(thing.get()))
                        : new Refuse(Failure.WRONG_SECRET, "wrong secret for thing " + username);
            }
        }
        if (username != null && (password == null || password.length == 0)) {
            Decision byUsername = token(stripPrefix(username), now);
            if (!(byUsername instanceof NotMine)) {
                return byUsername;
            }
        }
        if (password != null && password.length > 0) {
            String text = utf8(password);
            if (text != null) {
                return token(stripPrefix(text), now);
            }
        }
        return new NotMine();
    }

    private Decision huaweiDecision(HuaweiLogin login, ThingRecord thing, byte[] password, Instant now) {
        String secret = thing.sealedSecret() == null ? null : sealer.open(thing.sealedSecret());
        if (secret == null) {
            return new Refuse(Failure.NO_SEALED_SECRET, "thing " + thing.thingId()
                    + " has no secret usable for the HMAC scheme");
        }
        if (!login.signatureMatches(secret, password)) {
            return new Refuse(Failure.BAD_SIGNATURE, "wrong HMAC signature for thing " + thing.thingId());
        }
        if (!login.fresh(now, huaweiWindow)) {
            return new Refuse(Failure.STALE_TIMESTAMP, "stale timestamp " + login.timestamp() + " for thing "
                    + thing.thingId());
        }
        return new Accept(thingCredential(thing));
    }

    private Decision token(String token, Instant now) {
        if (token.isEmpty()) {
            return new NotMine();
        }
        if (cache.isAdminToken(token)) {
            return new Accept(new Credential(Credential.TOKEN, "admin", true, List.of(), null));
        }
        Optional<TokenRecord> found = cache.tokenByDigest(Secrets.digest(token));
        if (found.isEmpty()) {
            return new NotMine();
        }
        TokenRecord t = found.get();
        if (t.expired(now)) {
            return new Refuse(Failure.EXPIRED, "token " + t.tokenId() + " expired at " + t.expiresAt());
        }
        return new Accept(new Credential(Credential.TOKEN, t.tokenId(), t.admin(), t.admin() ? List.of() : t.acl(),
                t.expiresAt()));
    }

    private Optional<ThingRecord> certificateThing(ClientCertificate certificate) {
        try {
            Optional<ThingRecord> byFingerprint =
                    cache.thingByFingerprint(Secrets.digest(certificate.certificate().getEncoded()));
            if (byFingerprint.isPresent()) {
                return byFingerprint;
            }
        } catch (CertificateEncodingException e) {
            return Optional.empty();
        }
        return certificate.commonName() == null ? Optional.empty() : cache.thing(certificate.commonName());
    }

    static Credential thingCredential(ThingRecord thing) {
        List<AclRule> acl = new ArrayList<>();
        acl.add(Credential.ownThingTopics(thing.thingId()));
        acl.addAll(thing.acl());
        return new Credential(Credential.THING, thing.thingId(), false, acl, null);
    }

    /** The token without a {@code FlespiToken } or {@code Bearer } prefix (any case). */
    static String stripPrefix(String value) {
        String lower = value.toLowerCase(Locale.ROOT);
        for (String prefix : TOKEN_PREFIXES) {
            if (lower.startsWith(prefix)) {
                return value.substring(prefix.length()).strip();
            }
        }
        return value.strip();
    }

    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
