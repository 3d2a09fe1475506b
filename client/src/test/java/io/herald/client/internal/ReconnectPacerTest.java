package io.herald.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.client.ReconnectPolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Attempts asked for by the application are spaced by the policy's first wait, at least 100 ms. */
class ReconnectPacerTest {

    private Instant now = Instant.parse("2026-12-07T08:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };

    @Test
    void firstRequest_startsAtOnce_laterOnesWaitOutThePeriod() {
        ReconnectPacer pacer = new ReconnectPacer(fixed(Duration.ofMillis(1000)), clock);
        assertThat(pacer.waitForRequested()).isZero();
        pacer.attemptStarted();
        now = now.plusMillis(300);
        assertThat(pacer.waitForRequested()).isEqualTo(Duration.ofMillis(700));
        now = now.plusMillis(700);
        assertThat(pacer.waitForRequested()).isZero();
    }

    @Test
    void zeroWaits_areSpacedByTheFloor() {
        ReconnectPacer pacer = new ReconnectPacer(fixed(Duration.ZERO), clock);
        pacer.attemptStarted();
        assertThat(pacer.waitForRequested()).isEqualTo(ReconnectPacer.FLOOR);
    }

    @Test
    void exponentialPolicy_isSpacedByItsFirstNominalWait() {
        ReconnectPacer pacer = new ReconnectPacer(ReconnectPolicy.forever()
                .withBackoff(Duration.ofMillis(200), Duration.ofSeconds(1), Duration.ofSeconds(30)), clock);
        pacer.attemptStarted();
        assertThat(pacer.waitForRequested()).isEqualTo(Duration.ofMillis(1200));
    }

    private static ReconnectPolicy fixed(Duration period) {
        return ReconnectPolicy.forever().withBackoff(period, Duration.ZERO, period).withJitter(1.0, 1.0);
    }
}
