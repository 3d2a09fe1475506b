package io.herald.client.internal;

import io.herald.client.ReconnectPolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Recognizes seed 000's reconnect storm: two clients with one client id taking the session from each
 * other, so each connection the server accepts is closed by it soon after. Counts such takeovers in a
 * row; a connection that lasts the policy's storm window clears the count; an MQTT 5 DISCONNECT with
 * reason 0x8E (Session taken over) is proof at once. After a storm, reconnects are refused for one
 * storm window.
 *
 * <p>Threads: owned by the client's event loop.
 */
final class StormDetector {

    /** MQTT 5 DISCONNECT reason: another connection took the session over. */
    static final int SESSION_TAKEN_OVER = 0x8E;

    private final ReconnectPolicy policy;
    private final Clock clock;
    private int takeovers;
    private Instant stormAt;

    StormDetector(ReconnectPolicy policy, Clock clock) {
        this.policy = policy;
        this.clock = clock;
    }

    /**
     * Records that the server ended a connection it accepted at {@code connectedAt}, with an MQTT 5
     * DISCONNECT reason code or -1; returns true when this completes a storm.
     */
    boolean serverClosed(Instant connectedAt, int reasonCode) {
        if (policy.stormThreshold() == 0) {
            return false;
        }
        Duration lived = Duration.between(connectedAt, clock.instant());
        if (reasonCode == SESSION_TAKEN_OVER) {
            takeovers = policy.stormThreshold();
        } else if (lived.compareTo(policy.stormWindow()) < 0) {
            takeovers++;
        } else {
            takeovers = 0;
            return false;
        }
        if (takeovers >= policy.stormThreshold()) {
            stormAt = clock.instant();
            takeovers = 0;
            return true;
        }
        return false;
    }

    /** Records a connection that ended in another way (by us, or after lasting long enough). */
    void stable(Instant connectedAt) {
        if (Duration.between(connectedAt, clock.instant()).compareTo(policy.stormWindow()) >= 0) {
            takeovers = 0;
        }
    }

    /** True while reconnects are refused after a storm. */
    boolean coolingDown() {
        return stormAt != null && Duration.between(stormAt, clock.instant()).compareTo(policy.stormWindow()) < 0;
    }

    /** Forgets a past storm: an explicit {@code connect()} starts afresh. */
    void reset() {
        stormAt = null;
        takeovers = 0;
    }

    /** How many takeovers make a storm, for messages. */
    int threshold() {
        return policy.stormThreshold();
    }
}
