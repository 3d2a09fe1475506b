package io.herald.platform.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretsTest {

    @TempDir
    Path dir;

    @Test
    void generate_is256BitsOfUrlSafeBase64_andUnique() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String s = Secrets.generate();
            assertThat(s).hasSize(43).matches("[A-Za-z0-9_-]+");
            assertThat(seen.add(s)).isTrue();
        }
    }

    @Test
    void digest_isSha256Hex_andMatchesOnlyItsSecret() {
        assertThat(Secrets.digest("abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(Secrets.matches("abc", Secrets.digest("abc"))).isTrue();
        assertThat(Secrets.matches("abd", Secrets.digest("abc"))).isFalse();
        assertThat(Secrets.matches("abc", "not hex")).isFalse();
        assertThat(Secrets.matches("abc", "")).isFalse();
    }

    @Test
    void sealer_roundTrips_andRefusesOtherKeysAndDamage() throws Exception {
        SecretSealer sealer = SecretSealer.fromKeyFile(dir.resolve("keys/platform.key"));
        String sealed = sealer.seal("s3cret");
        assertThat(sealed).doesNotContain("s3cret");
        assertThat(sealer.open(sealed)).isEqualTo("s3cret");
        assertThat(SecretSealer.fromKeyFile(dir.resolve("keys/platform.key")).open(sealed))
                .as("the key file is reused").isEqualTo("s3cret");
        assertThat(SecretSealer.ephemeral().open(sealed)).isNull();
        assertThat(sealer.open("garbage!")).isNull();
        assertThat(sealer.open(sealed.substring(0, 10))).isNull();
        assertThat(Files.getPosixFilePermissions(dir.resolve("keys/platform.key")).toString())
                .isEqualTo("[OWNER_READ, OWNER_WRITE]");
    }

    @Test
    void userPasswords_hashAndVerify() {
        String hash = UserPasswords.hash("correct horse");
        assertThat(hash).startsWith("$argon2id$");
        assertThat(UserPasswords.verify("correct horse", hash)).isTrue();
        assertThat(UserPasswords.verify("wrong", hash)).isFalse();
        assertThat(UserPasswords.verify("x", "not a hash")).isFalse();
    }
}
