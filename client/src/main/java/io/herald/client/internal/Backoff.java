package io.herald.client.internal;

import io.herald.client.ReconnectPolicy;
import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Computes reconnect delays with seed 004's formula:
 * {@code min(minBackoff + 2^n × random in [jitterLow, jitterHigh] × baseBackoff, maxBackoff)}.
 * Immutable apart from the random generator it draws from.
 */
final class Backoff {

    /** Past this exponent the delay is at its maximum anyway; keeps 2^n finite. */
    private static final int MAX_EXPONENT = 40;

    private final ReconnectPolicy policy;
    private final RandomGenerator random;

    Backoff(ReconnectPolicy policy, RandomGenerator random) {
        this.policy = policy;
        this.random = random;
    }

    /** The wait before attempt {@code n} (0-based since the last successful connection). */
    Duration delay(int n) {
        double jitter = policy.jitterLow() == policy.jitterHigh() ? policy.jitterLow()
                : random.nextDouble(policy.jitterLow(), policy.jitterHigh());
        double grown = Math.pow(2.0, Math.min(n, MAX_EXPONENT)) * jitter * policy.baseBackoff().toMillis();
        double total = policy.minBackoff().toMillis() + grown;
        long capped = (long) Math.min(total, policy.maxBackoff().toMillis());
        return Duration.ofMillis(capped);
    }
}
