package io.herald.broker.store.rocks;

import io.herald.broker.store.SessionRecord;
import io.herald.broker.store.StoreException;
import io.herald.broker.store.rocks.Records.StoredInflight;
import io.herald.broker.store.rocks.Records.StoredSession;
import io.herald.broker.store.rocks.StoreDb.Family;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

    /**
     * The persistent sessions to restore, the state of each client that has one, and the batch of
     * clients not yet bound to a session loop (writing at once).
     */
    record Recovered(List<SessionRecord> sessions, ConcurrentMap<String, ClientState> clients, LoopBatch unbound) {}

    private final StoreDb db;
    private final long now;
    private final ConcurrentMap<String, ClientState> clients = new ConcurrentHashMap<>();
    private final List<SessionRecord> sessions = new ArrayList<>();
    private final StoreBatch cleanup;
    private final LoopBatch unbound;
    /** Per client, the queue entries that are the messages of in-flight records. */
    private final Map<ClientState, Set<Long>> inflightEntries = new HashMap<>();
    private int expired;
    private long queued;

    private StoreRecovery(StoreDb db, long now) {
        this.db = db;
        this.now = now;
        this.cleanup = db.batch();
        this.unbound = new LoopBatch(db, null);
    }

    static Recovered run(StoreDb db, Clock clock) {
        StoreRecovery r = new StoreRecovery(db, clock.millis());
        try {
            r.sessions();
            r.inflight();
            r.queues();
            r.inboundQos2();
        } catch (StoreException e) {
            throw StoreDb.corrupt(db.dir(), e.getMessage(), e);
        }
        r.cleanup.commit();
        markAlive(db, r.now);
        db.syncWal();
        log.info("store {}: {} persistent sessions with {} queued messages; {} expired sessions freed", db.dir(),
                r.sessions.size(), r.queued, r.expired);
        return new Recovered(List.copyOf(r.sessions), r.clients, r.unbound);
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
            ClientState s = new ClientState(db, clientId, unbound);
            s.record = record;
            clients.put(clientId, s);
            sessions.add(restored);
        });
    }

    /**
     * Counts each live client's queue in one pass, leaving out the entries that are messages of in-flight
     * records (they come before the queue); a queue with a gap is corrupt.
     */
    private void queues() {
        QueueScan scan = new QueueScan();
        db.forEach(Family.QUEUES, (key, value) -> {
            if (scan.prefix == null || !Keys.hasPrefix(key, scan.prefix)) {
                scan.finish();
                scan.start(key);
            }
            if (scan.owner != null) {
                scan.entry(Keys.seq(key), value);
            }
        });
        scan.finish();
    }

    private void inflight() {
        forEachOfLiveClient(Family.INFLIGHT, (s, key, value) -> {
            int packetId = Keys.packetId(key);
            StoredInflight stored = Records.inflightSlot(packetId, value, s.clientId);
            s.recoveredInflight(packetId, new ClientState.Slot(stored.order(), stored.queueSeq()));
            if (stored.queueSeq() >= 0) {
                inflightEntries.computeIfAbsent(s, c -> new HashSet<>()).add(stored.queueSeq());
            }
        });
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

    /**
     * The queue being counted: entries of one client prefix; those of in-flight records first, then the
     * queued ones, contiguous.
     */
    private final class QueueScan {
        byte[] prefix;
        ClientState owner;
        Set<Long> inflight;
        long first;
        long next;
        long bytes;

        void start(byte[] key) {
            prefix = Arrays.copyOf(key, Keys.prefixLength(key));
            owner = clients.get(Keys.clientId(key));
            inflight = owner == null ? Set.of() : inflightEntries.getOrDefault(owner, Set.of());
            first = -1;
            next = 0;
            bytes = 0;
            if (owner == null) {
                cleanup.deleteRange(Family.QUEUES, prefix, Keys.end(prefix));
            }
        }

        void entry(long seq, byte[] value) {
            if (first < 0 && inflight.contains(seq)) {
                next = seq + 1; // the queue starts after it at the earliest
                return;
            }
            if (first < 0) {
                first = seq;
            } else if (seq != next) {
                throw new StoreException("queue of client " + owner.clientId + " jumps from entry " + (next - 1)
                        + " to " + seq);
            }
            next = seq + 1;
            bytes += Records.queuedSize(value, owner.clientId);
        }

        void finish() {
            if (owner != null) {
                long head = first < 0 ? next : first;
                owner.queue.recovered(head, next, bytes);
                queued += next - head;
            }
        }
    }
}
