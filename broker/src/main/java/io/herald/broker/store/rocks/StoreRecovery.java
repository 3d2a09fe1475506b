package io.herald.broker.store.rocks;

import io.herald.broker.store.SessionRecord;
import io.herald.broker.store.StoreException;
import io.herald.broker.store.rocks.Records.StoredSession;
import io.herald.broker.store.rocks.StoreDb.Family;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a store does when it opens, before the broker uses it: reads every session, frees those whose
 * expiry interval ran out while the broker was down, with their queues, in-flight messages and QoS 2
 * ids, frees records left by clients without a persistent session (clean sessions at a crash), and
 * counts each remaining queue without keeping its messages in the heap.
 *
 * <p>A session still attached when the broker went down went offline then: at the last heartbeat
 * ({@link #markAlive}, written every {@link #HEARTBEAT_MILLIS}) plus one interval, so never too early.
 *
 * <p>Threads: runs once on the thread that opens the store.
 */
final class StoreRecovery {

    static final long HEARTBEAT_MILLIS = 1_000;

    private static final Logger log = LoggerFactory.getLogger(StoreRecovery.class);
    private static final byte[] ALIVE = "alive".getBytes(StandardCharsets.UTF_8);

    /** The persistent sessions to restore, and the state of each client that has one. */
    record Recovered(List<SessionRecord> sessions, ConcurrentMap<String, ClientState> clients) {}

    private final StoreDb db;
    private final long now;
    private final ConcurrentMap<String, ClientState> clients = new ConcurrentHashMap<>();
    private final List<SessionRecord> sessions = new ArrayList<>();
    private final StoreBatch cleanup;
    private int expired;
    private long queued;

    private StoreRecovery(StoreDb db, long now) {
        this.db = db;
        this.now = now;
        this.cleanup = db.batch();
    }

    static Recovered run(StoreDb db, Clock clock) {
        StoreRecovery r = new StoreRecovery(db, clock.millis());
        try {
            r.sessions();
            r.queues();
            r.inflight();
            r.inboundQos2();
        } catch (StoreException e) {
            throw StoreDb.corrupt(db.dir(), e.getMessage(), e);
        }
        r.cleanup.commit();
        markAlive(db, r.now);
        db.syncWal();
        log.info("store {}: {} persistent sessions with {} queued messages; {} expired sessions freed", db.dir(),
                r.sessions.size(), r.queued, r.expired);
        return new Recovered(List.copyOf(r.sessions), r.clients);
    }

    /** Notes that the broker is up at {@code millis}. */
    static void markAlive(StoreDb db, long millis) {
        db.put(Family.META, ALIVE, ByteBuffer.allocate(8).putLong(millis).array());
    }

    private void sessions() {
        byte[] alive = db.get(Family.META, ALIVE);
        long downSince = alive == null ? now : Math.min(now, ByteBuffer.wrap(alive).getLong() + HEARTBEAT_MILLIS);
        db.forEach(Family.SESSIONS, (key, value) -> {
            String clientId = new String(key, StandardCharsets.UTF_8);
            StoredSession stored = Records.session(clientId, value);
            SessionRecord record = stored.record();
            long interval = record.expiryIntervalSeconds();
            SessionRecord restored = record;
            if (interval != SessionRecord.NEVER_EXPIRES) {
                long offlineSince = stored.offlineSinceMillis() != 0 ? stored.offlineSinceMillis() : downSince;
                long left = offlineSince + interval * 1_000 - now;
                if (left <= 0) {
                    cleanup.delete(Family.SESSIONS, key);
                    expired++;
                    return;
                }
                if (stored.offlineSinceMillis() == 0) {
                    cleanup.put(Family.SESSIONS, key, Records.session(record, offlineSince));
                }
                restored = new SessionRecord(clientId, (left + 999) / 1_000, record.subscriptions());
            }
            ClientState s = new ClientState(db, clientId);
            s.record = record;
            clients.put(clientId, s);
            sessions.add(restored);
        });
    }

    /** Counts each live client's queue in one pass; a queue with a gap is corrupt. */
    private void queues() {
        QueueScan scan = new QueueScan();
        db.forEach(Family.QUEUES, (key, value) -> {
            if (scan.prefix == null || !Keys.hasPrefix(key, scan.prefix)) {
                scan.finish();
                scan.start(key);
            }
            if (scan.owner != null) {
                long seq = Keys.seq(key);
                if (seq != scan.next) {
                    throw new StoreException("queue of client " + scan.owner.clientId + " jumps from entry "
                            + (scan.next - 1) + " to " + seq);
                }
                scan.next++;
                scan.bytes += Records.queuedSize(value, scan.owner.clientId);
            }
        });
        scan.finish();
    }

    private void inflight() {
        forEachOfLiveClient(Family.INFLIGHT, (s, key, value) ->
                s.recoveredInflight(Keys.packetId(key), Records.inflightOrder(value, s.clientId)));
    }

    private void inboundQos2() {
        forEachOfLiveClient(Family.INBOUND_QOS2, (s, key, value) -> s.inboundQos2 = true);
    }

    private interface ClientRecordVisitor {
        void visit(ClientState owner, byte[] key, byte[] value);
    }

    /** Visits the records of clients with a session; deletes the others, one range per client. */
    private void forEachOfLiveClient(Family family, ClientRecordVisitor visitor) {
        byte[][] orphan = {null};
        db.forEach(family, (key, value) -> {
            if (orphan[0] != null && Keys.hasPrefix(key, orphan[0])) {
                return;
            }
            ClientState s = clients.get(Keys.clientId(key));
            if (s != null) {
                visitor.visit(s, key, value);
            } else {
                orphan[0] = Arrays.copyOf(key, Keys.prefixLength(key));
                cleanup.deleteRange(family, orphan[0], Keys.end(orphan[0]));
            }
        });
    }

    /** The queue being counted: entries of one client prefix, contiguous from the first one. */
    private final class QueueScan {
        byte[] prefix;
        ClientState owner;
        long first;
        long next;
        long bytes;

        void start(byte[] key) {
            prefix = Arrays.copyOf(key, Keys.prefixLength(key));
            owner = clients.get(Keys.clientId(key));
            first = Keys.seq(key);
            next = first;
            bytes = 0;
            if (owner == null) {
                cleanup.deleteRange(Family.QUEUES, prefix, Keys.end(prefix));
            }
        }

        void finish() {
            if (owner != null) {
                owner.queue.recovered(first, next, bytes);
                queued += next - first;
            }
        }
    }
}
