package io.herald.platform.identity;

import io.herald.platform.ErrorCode;
import io.herald.platform.PlatformException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Limits failed logins per client address and per username: after {@code maxPerUser} failures for a
 * user, or {@code maxPerAddress} from an address, within a window, further logins for it are refused
 * (429) until the window ends. A success clears the user's count. Fixed windows, in memory.
 *
 * <p>Thread-safe (concurrent map, atomic updates); called on REST workers. Entries of ended windows are
 * dropped as they are met and by {@link #purge}.
 */
public final class LoginLimiter {

    private record Window(Instant start, int failures) {}

    private final ConcurrentMap<String, Window> windows = new ConcurrentHashMap<>();
    private final int maxPerUser;
    private final int maxPerAddress;
    private final Duration window;
    private final Clock clock;

    public LoginLimiter(int maxPerUser, int maxPerAddress, Duration window, Clock clock) {
        this.maxPerUser = maxPerUser;
        this.maxPerAddress = maxPerAddress;
        this.window = window;
        this.clock = clock;
    }

    /**
     * Refuses when the user or the address used up its failures.
     *
     * @throws PlatformException TOO_MANY_ATTEMPTS, its detail saying how many seconds to wait
     */
    public void check(String address, String username) {
        Instant now = clock.instant();
        long wait = Math.max(waitSeconds("a:" + address, maxPerAddress, now), waitSeconds("u:" + username, maxPerUser, now));
        if (wait > 0) {
            throw new RateLimitedException(wait);
        }
    }

    public void failed(String address, String username) {
        Instant now = clock.instant();
        count("a:" + address, now);
        count("u:" + username, now);
    }

    public void succeeded(String username) {
        windows.remove("u:" + username);
    }

    /** Drops ended windows. */
    public void purge() {
        Instant now = clock.instant();
        windows.values().removeIf(w -> !now.isBefore(w.start().plus(window)));
    }

    private long waitSeconds(String key, int max, Instant now) {
        Window w = windows.get(key);
        if (w == null || w.failures() < max) {
            return 0;
        }
        Instant end = w.start().plus(window);
        if (!now.isBefore(end)) {
            windows.remove(key, w);
            return 0;
        }
        return Math.max(1, Duration.between(now, end).toSeconds());
    }

    private void count(String key, Instant now) {
        windows.compute(key, (k, w) -> w == null || !now.isBefore(w.start().plus(window))
                ? new Window(now, 1) : new Window(w.start(), w.failures() + 1));
    }

    /** A login refused for too many failures; {@link #retryAfterSeconds} goes into Retry-After. */
    public static final class RateLimitedException extends PlatformException {

        private final long retryAfterSeconds;

        RateLimitedException(long retryAfterSeconds) {
            super(ErrorCode.TOO_MANY_ATTEMPTS, "too many failed logins; retry in " + retryAfterSeconds + " s");
            this.retryAfterSeconds = retryAfterSeconds;
        }

        public long retryAfterSeconds() {
            return retryAfterSeconds;
        }
    }
}
