package io.herald.client;

import java.time.Duration;
import java.util.Objects;

/**
 * When and how often the client reconnects by itself after it lost or failed to make a connection,
 * and when it gives up because two clients with the same client id keep taking each other's session
 * over. Immutable.
 *
 * <p>The wait before attempt {@code n} (0 for the first after a loss) is, as in seed 004:
 * {@code min(minBackoff + 2^n × random in [jitterLow, jitterHigh] × baseBackoff, maxBackoff)}. A
 * successful connection starts the count again.
 *
 * <p>Storm detection: a connection the server closes less than {@code stormWindow} after accepting it
 * counts as a takeover; {@code stormThreshold} takeovers in a row (or one MQTT 5 DISCONNECT with
 * reason 0x8E, Session taken over) stop reconnecting and report an error instead of looping. A
 * connection that lasts {@code stormWindow} clears the count.
 *
 * @param maxAttempts attempts after each loss: 0 disables automatic reconnect, {@link #FOREVER} never gives up
 * @param minBackoff constant part of every wait
 * @param baseBackoff the wait unit doubled with each attempt
 * @param maxBackoff the longest wait
 * @param jitterLow lower bound of the random factor, e.g. 0.8
 * @param jitterHigh upper bound of the random factor, e.g. 1.2
 * @param stormThreshold takeovers in a row that stop reconnecting; 0 disables storm detection
 * @param stormWindow how long a connection must last not to count as taken over
 */
public record ReconnectPolicy(
        int maxAttempts,
        Duration minBackoff,
        Duration baseBackoff,
        Duration maxBackoff,
        double jitterLow,
        double jitterHigh,
        int stormThreshold,
        Duration stormWindow) {

    /** {@link #maxAttempts()} value for reconnecting without limit. */
    public static final int FOREVER = -1;

    private static final ReconnectPolicy DISABLED = new ReconnectPolicy(0, Duration.ZERO, Duration.ofSeconds(1),
            Duration.ofSeconds(30), 0.8, 1.2, 3, Duration.ofSeconds(10));

    public ReconnectPolicy {
        Objects.requireNonNull(minBackoff, "minBackoff");
        Objects.requireNonNull(baseBackoff, "baseBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        Objects.requireNonNull(stormWindow, "stormWindow");
        check(maxAttempts >= FOREVER, "maxAttempts must be >= 0, or FOREVER");
        check(!minBackoff.isNegative() && !baseBackoff.isNegative() && !maxBackoff.isNegative(),
                "backoff durations must not be negative");
        check(maxBackoff.compareTo(minBackoff) >= 0, "maxBackoff must be >= minBackoff");
        check(jitterLow > 0 && jitterLow <= jitterHigh, "jitter must satisfy 0 < jitterLow <= jitterHigh");
        check(stormThreshold >= 0, "stormThreshold must be >= 0");
        check(!stormWindow.isNegative(), "stormWindow must not be negative");
    }

    /** No automatic reconnect (storm detection still watches manual reconnects). */
    public static ReconnectPolicy disabled() {
        return DISABLED;
    }

    /** Reconnect without limit: min 0, base 1 s, max 30 s, jitter 0.8–1.2, storm after 3 takeovers within 10 s. */
    public static ReconnectPolicy forever() {
        return DISABLED.withMaxAttempts(FOREVER);
    }

    /** A copy with another attempt limit. */
    public ReconnectPolicy withMaxAttempts(int value) {
        return new ReconnectPolicy(value, minBackoff, baseBackoff, maxBackoff, jitterLow, jitterHigh, stormThreshold,
                stormWindow);
    }

    /** A copy with other backoff durations. */
    public ReconnectPolicy withBackoff(Duration min, Duration base, Duration max) {
        return new ReconnectPolicy(maxAttempts, min, base, max, jitterLow, jitterHigh, stormThreshold, stormWindow);
    }

    /** A copy with another random factor range. */
    public ReconnectPolicy withJitter(double low, double high) {
        return new ReconnectPolicy(maxAttempts, minBackoff, baseBackoff, maxBackoff, low, high, stormThreshold,
                stormWindow);
    }

    /** A copy with other storm detection settings; threshold 0 disables it. */
    public ReconnectPolicy withStormDetection(int threshold, Duration window) {
        return new ReconnectPolicy(maxAttempts, minBackoff, baseBackoff, maxBackoff, jitterLow, jitterHigh, threshold,
                window);
    }

    /** True when the client reconnects by itself. */
    public boolean enabled() {
        return maxAttempts != 0;
    }

    /** True when attempt {@code attempt} (0-based, counted since the last success) is allowed. */
    public boolean allows(int attempt) {
        return maxAttempts == FOREVER || attempt < maxAttempts;
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
