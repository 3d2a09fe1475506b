package io.herald.broker.handler;

import io.herald.broker.BrokerMetrics;
import io.herald.broker.DisconnectReason;
import io.netty.channel.EventLoop;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Ends connections whose credential has expired ({@code ClientIdentity.expiresAt}) within a second:
 * MQTT 5 DISCONNECT 0xA0, MQTT 3 close. Each session loop keeps its expiring connections ordered by
 * expiry and checks the head every {@link #CHECK_MILLIS} against the injected {@link Clock} (so a test
 * clock that jumps ahead is honoured); the check runs only while the loop has an expiring connection,
 * so brokers without expiring credentials pay nothing.
 *
 * <p>Threads: the map is concurrent; each loop's {@link Watch} is touched only on that loop.
 */
final class CredentialExpiry {

    static final long CHECK_MILLIS = 250;

    private final Clock clock;
    private final BrokerMetrics metrics;
    private final Map<EventLoop, Watch> watches = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();

    CredentialExpiry(Clock clock, BrokerMetrics metrics) {
        this.clock = clock;
        this.metrics = metrics;
    }

    /**
     * Watches {@code conn}'s current identity's expiry, replacing what was watched for it; a connection
     * whose credential has already expired is disconnected now. Session loop.
     */
    void watch(Connection conn) {
        unwatch(conn);
        Instant expiresAt = conn.rights.identity().expiresAt();
        if (expiresAt == null) {
            return;
        }
        if (expiresAt.toEpochMilli() <= clock.millis()) {
            expire(conn);
            return;
        }
        conn.expiry = new Entry(expiresAt.toEpochMilli(), sequence.incrementAndGet(), conn);
        watches.computeIfAbsent(conn.sessionLoop(), Watch::new).add(conn.expiry);
    }

    /** Stops watching {@code conn} (it closed, or its identity changed). Session loop. */
    void unwatch(Connection conn) {
        if (conn.expiry != null) {
            watches.get(conn.sessionLoop()).remove(conn.expiry);
            conn.expiry = null;
        }
    }

    private void expire(Connection conn) {
        metrics.credentialExpired();
        conn.disconnect(DisconnectReason.CREDENTIAL_EXPIRED, "credential expired");
    }

    /** One watched connection; the sequence number keeps entries with equal expiry apart. */
    record Entry(long expiresAtMillis, long sequence, Connection conn) {}

    /** The expiring connections of one session loop. Owned by that loop. */
    private final class Watch {
        private final EventLoop loop;
        private final TreeSet<Entry> entries = new TreeSet<>(
                Comparator.comparingLong(Entry::expiresAtMillis).thenComparingLong(Entry::sequence));
        private ScheduledFuture<?> ticker;

        Watch(EventLoop loop) {
            this.loop = loop;
        }

        void add(Entry e) {
            entries.add(e);
            if (ticker == null) {
                ticker = loop.scheduleAtFixedRate(this::check, CHECK_MILLIS, CHECK_MILLIS, TimeUnit.MILLISECONDS);
            }
        }

        void remove(Entry e) {
            entries.remove(e);
            stopWhenIdle();
        }

        private void check() {
            long now = clock.millis();
            while (!entries.isEmpty() && entries.first().expiresAtMillis() <= now) {
                Entry e = entries.pollFirst();
                e.conn().expiry = null;
                expire(e.conn());
            }
            stopWhenIdle();
        }

        private void stopWhenIdle() {
            if (entries.isEmpty() && ticker != null) {
                ticker.cancel(false);
                ticker = null;
            }
        }
    }
}
