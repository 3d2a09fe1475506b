package io.herald.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.client.MqttClientConfig;
import io.herald.client.ReconnectPolicy;
import io.herald.client.TlsConfig;
import java.time.Duration;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The seed-001 options that decide reconnects and client ids. */
class SeedOptionsTest {

    @Test
    void reconnectPeriod_isTheFixedWaitBeforeEveryAttempt() {
        ReconnectPolicy policy = policy(Map.of("reconnectCount", 1855, "reconnectPeriod", 700));
        Backoff backoff = new Backoff(policy, new SplittableRandom(3));
        for (int n = 0; n < 12; n++) {
            assertThat(backoff.delay(n)).isEqualTo(Duration.ofMillis(700));
        }
    }

    @Test
    void reconnectBackoff_true_growsFromThePeriodWithJitter() {
        ReconnectPolicy policy = policy(Map.of("reconnectCount", 1855, "reconnectPeriod", 500, "reconnectBackoff", true));
        Backoff backoff = new Backoff(policy, new SplittableRandom(4));
        assertThat(backoff.delay(0).toMillis()).isBetween(400L, 600L);
        assertThat(backoff.delay(3).toMillis()).isBetween(3200L, 4800L);
        assertThat(backoff.delay(30)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void reconnectBackoff_mustBeABoolean() {
        assertThatThrownBy(() -> policy(Map.of("reconnectBackoff", "yes")))
                .hasMessage("reconnectBackoff must be true or false, not yes");
    }

    @Test
    void reconnectCount_zero_disablesReconnecting() {
        assertThat(policy(Map.of("reconnectPeriod", 700)).enabled()).isFalse();
    }

    @Test
    void defaultClientId_isMqttjsAndEightDigits() {
        MqttClientConfig config = SeedOptions.parse("mqtt://127.0.0.1:1883", Map.of(), TlsConfig.DEFAULT)
                .builder().config();
        assertThat(config.clientId()).matches("mqttjs_[0-9]{8}");
    }

    private static ReconnectPolicy policy(Map<String, ?> options) {
        return SeedOptions.parse("mqtt://127.0.0.1:1883", options, TlsConfig.DEFAULT).builder().config().reconnect();
    }
}
