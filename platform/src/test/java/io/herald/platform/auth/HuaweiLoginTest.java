package io.herald.platform.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class HuaweiLoginTest {

    @Test
    void parse_takesTheFixedSuffixFromTheRight() {
        assertThat(HuaweiLogin.parse("D39564861q3gDa_0_0_2018072417"))
                .isEqualTo(new HuaweiLogin("D39564861q3gDa", 0, "2018072417"));
        assertThat(HuaweiLogin.parse("my_dev_0_1_2026112210")).isEqualTo(new HuaweiLogin("my_dev", 1, "2026112210"));
        assertThat(HuaweiLogin.parse("dev_0_2_2026112210")).as("type 2 (SM3) unsupported").isNull();
        assertThat(HuaweiLogin.parse("dev_1_0_2026112210")).isNull();
        assertThat(HuaweiLogin.parse("dev_0_0_202611221")).isNull();
        assertThat(HuaweiLogin.parse("_0_0_2026112210")).isNull();
        assertThat(HuaweiLogin.parse(null)).isNull();
    }

    @Test
    void signature_isHmacSha256KeyedByTheTimestamp() {
        // HMAC-SHA256(key="2018072417", message="secret"), computed independently with openssl:
        // printf secret | openssl dgst -sha256 -hmac 2018072417
        assertThat(HuaweiLogin.signature("secret", "2018072417"))
                .isEqualTo("c82051d03ff72ffbb8bb95f651eaf4f18e0639e71d4748c2bbe41fb44e986f65");
        HuaweiLogin login = new HuaweiLogin("dev", 1, "2018072417");
        assertThat(login.signatureMatches("secret",
                HuaweiLogin.signature("secret", "2018072417").getBytes(StandardCharsets.UTF_8))).isTrue();
        assertThat(login.signatureMatches("other", HuaweiLogin.signature("secret", "2018072417")
                .getBytes(StandardCharsets.UTF_8))).isFalse();
        assertThat(login.signatureMatches("secret", null)).isFalse();
    }

    @Test
    void fresh_type1ChecksTheWindow_type0DoesNot() {
        Instant now = Instant.parse("2026-11-22T10:30:00Z");
        Duration window = Duration.ofMinutes(10);
        assertThat(new HuaweiLogin("d", 1, "2026112210").fresh(now, window)).isTrue();
        assertThat(new HuaweiLogin("d", 1, "2026112209").fresh(now, window)).as("ended 30 min ago").isFalse();
        assertThat(new HuaweiLogin("d", 1, "2026112209").fresh(Instant.parse("2026-11-22T10:05:00Z"), window)).isTrue();
        assertThat(new HuaweiLogin("d", 1, "2026112211").fresh(now, window)).as("starts in 30 min").isFalse();
        assertThat(new HuaweiLogin("d", 1, "2026112211").fresh(Instant.parse("2026-11-22T10:55:00Z"), window)).isTrue();
        assertThat(new HuaweiLogin("d", 1, "2018072417").fresh(now, window)).isFalse();
        assertThat(new HuaweiLogin("d", 0, "2018072417").fresh(now, window)).isTrue();
        assertThat(new HuaweiLogin("d", 1, "2026139910").fresh(now, window)).as("no such date").isFalse();
        assertThat(HuaweiLogin.timestampOf(now)).isEqualTo("2026112210");
    }
}
