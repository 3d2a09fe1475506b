package io.herald.broker.store.rocks;

import io.herald.broker.message.Inflight;
import io.herald.broker.store.MessageQueue;
import io.herald.broker.store.SessionRecord;
import io.herald.broker.store.SessionStore;
import io.herald.broker.store.StoreException;
import io.herald.broker.store.rocks.Records.StoredInflight;
import io.herald.broker.store.rocks.StoreDb.Family;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentMap;

/**
 * Persistent sessions in RocksDB: one record per session (subscriptions, expiry interval, when it went
 * offline), its queue, its in-flight messages and its unreleased inbound QoS 2 packet ids, each in its
 * own column family under the client's key prefix. Writes go to the write-ahead log unsynced; {@link
 * #sync()} is the group commit.
 *
 * <p>Threads: as {@link SessionStore} says, a client id's methods run on its session loop, so the
 * {@link ClientState} of a client is confined to that loop; the map of them is concurrent.
 */
final class RocksSessionStore implements SessionStore {

    private final StoreDb db;
    private final GroupCommit commit;
    private final ConcurrentMap<String, ClientState> clients;
    private final List<SessionRecord> recovered;
    /** Clients with acknowledged deletes pending, for the store thread to write. */
    private final Queue<PendingDeletes> acknowledged = new ConcurrentLinkedQueue<>();

    RocksSessionStore(StoreDb db, GroupCommit commit, StoreRecovery.Recovered found) {
        this.db = db;
        this.commit = commit;
        this.clients = found.clients();
        this.recovered = found.sessions();
    }

    @Override
    public List<SessionRecord> recover() {
        return recovered;
    }

    @Override
    public void save(SessionRecord record) {
        state(record.clientId()).record = record;
        db.put(Family.SESSIONS, Keys.name(record.clientId()), Records.session(record, 0));
    }

    @Override
    public void offline(String clientId, long sinceMillis) {
        ClientState s = clients.get(clientId);
        if (s != null && s.record != null && s.record.expiryIntervalSeconds() != SessionRecord.NEVER_EXPIRES) {
            try {
                db.put(Family.SESSIONS, Keys.name(clientId), Records.session(s.record, sinceMillis));
            } catch (StoreException notWritable) {
                // after a restart its expiry then counts from the broker's last heartbeat instead
            }
        }
    }

    @Override
    public void remove(String clientId) {
        ClientState s = clients.remove(clientId);
        if (s == null) {
            return;
        }
        try {
            s.pending.write(db, batch -> {
                if (s.record != null) {
                    batch.delete(Family.SESSIONS, Keys.name(clientId));
                }
                s.queue.deleteAll(batch);
                for (int packetId : s.inflightOrder.keySet()) {
                    batch.delete(Family.INFLIGHT, Keys.withPacketId(s.prefix, packetId));
                }
                if (s.inboundQos2) {
                    batch.deleteRange(Family.INBOUND_QOS2, s.prefix, Keys.end(s.prefix));
                }
            });
        } catch (StoreException notWritable) {
            // its records stay on disk and come back after a restart, to expire again; a new session of
            // the client meanwhile continues from these counters, so it overwrites none of them
            clients.putIfAbsent(clientId, s);
        }
    }

    @Override
    public MessageQueue queue(String clientId) {
        return state(clientId).queue;
    }

    @Override
    public void putInflight(String clientId, Inflight inflight) {
        ClientState s = state(clientId);
        byte[] key = Keys.withPacketId(s.prefix, inflight.packetId());
        byte[] value = Records.inflight(s.orderOf(inflight.packetId()), inflight);
        s.pending.writeOrKeep(db, batch -> batch.put(Family.INFLIGHT, key, value));
    }

    @Override
    public void removeInflight(String clientId, int packetId) {
        ClientState s = state(clientId);
        s.inflightOrder.remove(packetId);
        if (s.pending.acknowledged(Keys.withPacketId(s.prefix, packetId))) {
            acknowledged.add(s.pending);
        }
    }

    @Override
    public List<Inflight> inflight(String clientId) {
        List<StoredInflight> found = new ArrayList<>();
        db.forEach(Family.INFLIGHT, Keys.prefix(clientId),
                (key, value) -> found.add(Records.inflight(Keys.packetId(key), value, clientId)));
        found.sort(Comparator.comparingLong(StoredInflight::order));
        return found.stream().map(StoredInflight::inflight).toList();
    }

    @Override
    public void putInboundQos2(String clientId, int packetId) {
        ClientState s = state(clientId);
        s.inboundQos2 = true;
        byte[] key = Keys.withPacketId(s.prefix, packetId);
        s.pending.write(db, batch -> batch.put(Family.INBOUND_QOS2, key, Records.marker()));
    }

    @Override
    public void removeInboundQos2(String clientId, int packetId) {
        ClientState s = state(clientId);
        if (s.pending.released(Keys.withPacketId(s.prefix, packetId))) {
            acknowledged.add(s.pending);
        }
    }

    @Override
    public Set<Integer> inboundQos2(String clientId) {
        Set<Integer> ids = new HashSet<>();
        db.forEach(Family.INBOUND_QOS2, Keys.prefix(clientId), (key, value) -> ids.add(Keys.packetId(key)));
        return ids;
    }

    @Override
    public CompletionStage<Void> sync() {
        return commit.sync();
    }

    /**
     * Writes the acknowledged deletes that clients owe (unsynced, as every write but the group commit's).
     * Store thread, every {@link RocksStore#ACK_FLUSH_MILLIS}.
     */
    void writeAcknowledged() {
        for (PendingDeletes p = acknowledged.poll(); p != null; p = acknowledged.poll()) {
            p.writeAcknowledged(db);
        }
    }

    /** Writes the deletes every client owes. Close only. */
    void writePendingDeletes() {
        for (ClientState s : clients.values()) {
            s.pending.write(db, batch -> { });
        }
    }

    private ClientState state(String clientId) {
        return clients.computeIfAbsent(clientId, id -> new ClientState(db, id));
    }
}
