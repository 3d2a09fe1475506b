package io.herald.broker.listener;

import java.time.Clock;

/**
 * A token bucket of new connections: up to {@code perSecond} a second on average, with bursts of as
 * many. Zero means no limit.
 *
 * <p>Threads: owned by the listener's accept loop (one thread).
 */
final class ConnectRateLimiter {

    private final int perSecond;
    private final Clock clock;
    private double tokens;
    private long lastMillis;

    ConnectRateLimiter(int perSecond, Clock clock) {
        if (perSecond < 0) {
            throw new IllegalArgumentException("connect rate must be >= 0: " + perSecond);
        }
        this.perSecond = perSecond;
        this.clock = clock;
        this.tokens = perSecond;
        this.lastMillis = clock.millis();
    }

    /** Takes a token for one new connection; false when the rate is exceeded. */
    boolean tryAcquire() {
        if (perSecond == 0) {
            return true;
        }
        long now = clock.millis();
        if (now > lastMillis) {
            tokens = Math.min(perSecond, tokens + (now - lastMillis) * perSecond / 1000.0);
            lastMillis = now;
        }
        if (tokens < 1) {
            return false;
        }
        tokens -= 1;
        return true;
    }
}
