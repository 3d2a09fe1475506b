package io.herald.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.client.ReconnectPolicy;
import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Seed 004's formula: min(minBackoff + 2^n × random in [0.8, 1.2] × base, maxBackoff). */
class BackoffTest {

    private static final ReconnectPolicy POLICY = ReconnectPolicy.forever()
            .withBackoff(Duration.ofMillis(1000), Duration.ofMillis(1000), Duration.ofSeconds(30));

    @Test
    void delay_growsAsPowersOfTwoWithinTheJitterBand() {
        Backoff b = new Backoff(POLICY, new SplittableRandom(1));
        for (int n = 0; n < 4; n++) {
            for (int i = 0; i < 200; i++) {
                long ms = b.delay(n).toMillis();
                double unit = Math.pow(2, n) * 1000;
                assertThat(ms).isBetween(1000 + (long) (0.8 * unit), 1000 + (long) (1.2 * unit));
            }
        }
    }

    @Test
    void delay_isCappedAtMaxBackoff_evenForHugeAttemptCounts() {
        Backoff b = new Backoff(POLICY, new SplittableRandom(2));
        assertThat(b.delay(5)).isEqualTo(Duration.ofSeconds(30));
        assertThat(b.delay(Integer.MAX_VALUE)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void jitter_spreadsDelaysOfOneAttempt() {
        Backoff b = new Backoff(POLICY, new SplittableRandom(3));
        long distinct = java.util.stream.IntStream.range(0, 50).mapToLong(i -> b.delay(2).toMillis()).distinct().count();
        assertThat(distinct).isGreaterThan(10);
    }

    @Test
    void fixedJitter_givesExactDelays() {
        Backoff b = new Backoff(POLICY.withJitter(1.0, 1.0).withBackoff(Duration.ZERO, Duration.ofMillis(100),
                Duration.ofSeconds(1)), new SplittableRandom(4));
        assertThat(b.delay(0)).isEqualTo(Duration.ofMillis(100));
        assertThat(b.delay(1)).isEqualTo(Duration.ofMillis(200));
        assertThat(b.delay(3)).isEqualTo(Duration.ofMillis(800));
        assertThat(b.delay(4)).isEqualTo(Duration.ofSeconds(1));
    }
}
