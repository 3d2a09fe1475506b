package io.herald.broker.store.rocks;

import io.herald.broker.message.Inflight;
import io.herald.broker.store.MessageQueue;
import io.herald.broker.store.SessionRecord;
import io.herald.broker.store.SessionStore;
import io.herald.broker.store.StoreException;
import io.herald.broker.store.rocks.ClientState.Slot;
import io.herald.broker.store.rocks.LoopBatch.OnFailure;
import io.herald.broker.store.rocks.Records.StoredInflight;
import io.herald.broker.store.rocks.StoreDb.Family;
import io.netty.channel.EventLoop;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Persistent sessions in RocksDB: one record per session (subscriptions, expiry interval, when it went
 * offline), its queue, its in-flight messages and its unreleased inbound QoS 2 packet ids, each in its
 * own column family under the client's key prefix.
 *
 * <p>Writes: each session loop's writes of one turn go to RocksDB as one write batch at the end of the
 * turn ({@link LoopBatch}), unsynced; {@link #sync()} waits for the batches pending at the call, then
 * for the group commit's fsync. A message is written once: sent at once, as its in-flight record;
 * queued, as its queue record, which stays as the message of its in-flight record when it is sent
 * ({@link #putInflightFromQueue}) and is deleted with it when the client acknowledges it.
 *
 * <p>Threads: as {@link SessionStore} says, a client id's methods run on its session loop, so the
 * {@link ClientState} of a client is confined to that loop; the maps of them and of the loop batches
 * are concurrent.
 */
final class RocksSessionStore implements SessionStore {

    private final StoreDb db;
    private final GroupCommit commit;
    private final ConcurrentMap<String, ClientState> clients;
    private final List<SessionRecord> recovered;
    private final ConcurrentMap<EventLoop, LoopBatch> batches = new ConcurrentHashMap<>();
    /** The batch of clients whose session loop was never named: writes at once. */
    private final LoopBatch unbound;

    RocksSessionStore(StoreDb db, GroupCommit commit, StoreRecovery.Recovered found) {
        this.db = db;
        this.commit = commit;
        this.clients = found.clients();
        this.recovered = found.sessions();
        this.unbound = found.unbound();
    }

    @Override
    public List<SessionRecord> recover() {
        return recovered;
    }

    @Override
    public void sessionLoop(String clientId, EventLoop loop) {
        if (loop != null) { // null: a test without loops, whose writes are made at once
            state(clientId).batch = batches.computeIfAbsent(loop, l -> new LoopBatch(db, l));
        }
    }

    @Override
    public void save(SessionRecord record) {
        ClientState s = state(record.clientId());
        // at once, with what the loop's turn wrote before: CONNACK or SUBACK follows, and must not promise
        // a subscription that a kill before the end of the turn would lose
        s.batch.writeNow(new StoreBatch(db).put(Family.SESSIONS, Keys.name(record.clientId()),
                Records.session(record, 0)));
        s.record = record;
    }

    @Override
    public void offline(String clientId, long sinceMillis) {
        ClientState s = clients.get(clientId);
        if (s != null && s.record != null && s.record.expiryIntervalSeconds() != SessionRecord.NEVER_EXPIRES) {
            // kept while the store cannot write; a kill before that counts its expiry from the last heartbeat
            write(s, OnFailure.KEEP, new StoreBatch(db).put(Family.SESSIONS, Keys.name(clientId),
                    Records.session(s.record, sinceMillis)));
        }
    }

    @Override
    public void remove(String clientId) {
        ClientState s = clients.remove(clientId);
        if (s == null) {
            return;
        }
        StoreBatch batch = new StoreBatch(db);
        if (s.record != null) {
            batch.delete(Family.SESSIONS, Keys.name(clientId));
        }
        s.queue.deleteAll(batch);
        for (Map.Entry<Integer, Slot> e : s.inflight.entrySet()) {
            deleteInflight(batch, s, e.getKey(), e.getValue());
        }
        if (s.inboundQos2) {
            batch.deleteRange(Family.INBOUND_QOS2, s.prefix, Keys.end(s.prefix));
        }
        // kept while the store cannot write, in order: a new session of the client writes after it
        write(s, OnFailure.KEEP, batch);
    }

    @Override
    public MessageQueue queue(String clientId) {
        return state(clientId).queue;
    }

    @Override
    public void putInflight(String clientId, Inflight inflight) {
        ClientState s = state(clientId);
        Slot slot = s.slotOf(inflight.packetId());
        byte[] value = slot.queued() ? Records.queuedInflight(slot.order(), inflight.released(), slot.queueSeq())
                : Records.inflight(slot.order(), inflight);
        write(s, OnFailure.KEEP_AND_THROW, new StoreBatch(db).put(Family.INFLIGHT,
                Keys.withPacketId(s.prefix, inflight.packetId()), value));
    }

    /** The queue record stays where it is and becomes the message of the in-flight record: one small write. */
    @Override
    public void putInflightFromQueue(String clientId, Inflight inflight) {
        ClientState s = state(clientId);
        long seq = s.queue.takeForInflight();
        Slot slot = s.queuedSlot(inflight.packetId(), seq);
        write(s, OnFailure.KEEP_AND_THROW, new StoreBatch(db).put(Family.INFLIGHT,
                Keys.withPacketId(s.prefix, inflight.packetId()),
                Records.queuedInflight(slot.order(), inflight.released(), seq)));
    }

    @Override
    public void removeInflight(String clientId, int packetId) {
        ClientState s = state(clientId);
        Slot slot = s.inflight.remove(packetId);
        if (slot != null) {
            StoreBatch batch = new StoreBatch(db);
            deleteInflight(batch, s, packetId, slot);
            write(s, OnFailure.KEEP, batch);
        }
    }

    @Override
    public List<Inflight> inflight(String clientId) {
        List<StoredInflight> found = new ArrayList<>();
        db.forEach(Family.INFLIGHT, Keys.prefix(clientId),
                (key, value) -> found.add(Records.inflight(Keys.packetId(key), value, clientId)));
        found.sort(Comparator.comparingLong(StoredInflight::order));
        RocksMessageQueue queue = state(clientId).queue;
        return found.stream().map(f -> f.inflight() != null ? f.inflight()
                : new Inflight(f.packetId(), queue.read(f.queueSeq()), f.released())).toList();
    }

    @Override
    public void putInboundQos2(String clientId, int packetId) {
        ClientState s = state(clientId);
        write(s, OnFailure.REFUSE, new StoreBatch(db).put(Family.INBOUND_QOS2, Keys.withPacketId(s.prefix, packetId),
                Records.marker()));
        s.inboundQos2 = true;
    }

    @Override
    public void removeInboundQos2(String clientId, int packetId) {
        ClientState s = state(clientId);
        write(s, OnFailure.KEEP, new StoreBatch(db).delete(Family.INBOUND_QOS2, Keys.withPacketId(s.prefix, packetId)));
    }

    @Override
    public Set<Integer> inboundQos2(String clientId) {
        Set<Integer> ids = new HashSet<>();
        db.forEach(Family.INBOUND_QOS2, Keys.prefix(clientId), (key, value) -> ids.add(Keys.packetId(key)));
        return ids;
    }

    /**
     * Waits for the loop batches pending now to reach RocksDB, then for the group commit. The common case,
     * one loop with writes pending (the caller's), shares one stage per turn of that loop.
     */
    @Override
    public CompletionStage<Void> sync() {
        StoreException failure = db.failure();
        if (failure != null) {
            return CompletableFuture.failedFuture(failure);
        }
        LoopBatch only = null;
        List<CompletableFuture<Void>> all = null;
        for (LoopBatch b : batches.values()) {
            CompletableFuture<Void> w = b.written();
            if (w == null) {
                continue;
            }
            if (only == null) {
                only = b;
            }
            if (all == null) {
                all = new ArrayList<>(2);
            }
            all.add(w);
        }
        if (only == null) {
            return commit.sync();
        }
        if (all.size() == 1) {
            CompletableFuture<Void> durable = only.durable(commit);
            return durable != null ? durable : commit.sync();
        }
        return CompletableFuture.allOf(all.toArray(new CompletableFuture[0])).thenCompose(v -> commit.sync());
    }

    /** Writes what every loop batch holds. Close only, after the loops stopped. */
    void flushAll() {
        batches.values().forEach(LoopBatch::flush);
    }

    private static void write(ClientState s, OnFailure onFailure, StoreBatch change) {
        s.batch.add(change, onFailure);
    }

    private static void deleteInflight(StoreBatch batch, ClientState s, int packetId, Slot slot) {
        batch.delete(Family.INFLIGHT, Keys.withPacketId(s.prefix, packetId));
        if (slot.queued()) {
            batch.delete(Family.QUEUES, Keys.withSeq(s.prefix, slot.queueSeq()));
        }
    }

    private ClientState state(String clientId) {
        return clients.computeIfAbsent(clientId, id -> new ClientState(db, id, unbound));
    }
}
