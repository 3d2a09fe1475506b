package io.herald.client.internal;

import io.herald.client.ReconnectPolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Spaces reconnection attempts that the application asks for ({@code reconnect()}), so that calling it
 * from an error handler while the server is down cannot spin: at most one attempt per policy's first
 * wait ({@code minBackoff + baseBackoff}, for the seed facade its {@code reconnectPeriod}), and never
 * more than {@link #FLOOR} apart.
 *
 * <p>Threads: owned by the client's I/O event loop, like {@link ClientSession}.
 */
final class ReconnectPacer {

    /** The shortest spacing, also when the policy's waits are zero. */
    static final Duration FLOOR = Duration.ofMillis(100);

    private final Duration spacing;
    private final Clock clock;
    private Instant lastAttempt = Instant.MIN;

    ReconnectPacer(ReconnectPolicy policy, Clock clock) {
        Duration first = policy.minBackoff().plus(policy.baseBackoff());
        this.spacing = first.compareTo(FLOOR) < 0 ? FLOOR : first;
        this.clock = clock;
    }

    /** Remembers that an attempt starts now. */
    void attemptStarted() {
        lastAttempt = clock.instant();
    }

    /** How long an attempt asked for now must wait; zero when it may start at once. */
    Duration waitForRequested() {
        if (lastAttempt.equals(Instant.MIN)) {
            return Duration.ZERO;
        }
        Duration since = Duration.between(lastAttempt, clock.instant());
        return since.compareTo(spacing) >= 0 ? Duration.ZERO : spacing.minus(since);
    }
}
