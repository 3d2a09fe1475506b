package io.herald.broker.store.memory;

import io.herald.broker.store.MessageQueue;
import io.herald.broker.store.SessionRecord;
import io.herald.broker.store.SessionStore;
import io.herald.broker.message.Inflight;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Sessions and queues in the heap. Maps are concurrent because sessions live on different loops.
 * In-flight and inbound QoS 2 state already lives in the heap with the session itself, and nothing
 * here outlives the process, so there is nothing to journal or recover for them and sync is immediate.
 */
final class MemorySessionStore implements SessionStore {

    private final ConcurrentMap<String, SessionRecord> records = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, MemoryMessageQueue> queues = new ConcurrentHashMap<>();

    @Override
    public List<SessionRecord> recover() {
        return List.copyOf(records.values());
    }

    @Override
    public void save(SessionRecord record) {
        records.put(record.clientId(), record);
    }

    @Override
    public void offline(String clientId, long sinceMillis) {
        // the registry's expiry timer ends the session; nothing here outlives the process
    }

    @Override
    public void remove(String clientId) {
        records.remove(clientId);
        MemoryMessageQueue q = queues.remove(clientId);
        if (q != null) {
            q.clear();
        }
    }

    @Override
    public MessageQueue queue(String clientId) {
        return queues.computeIfAbsent(clientId, id -> new MemoryMessageQueue());
    }

    @Override
    public void putInflight(String clientId, Inflight inflight) {
        // the session object holds it; nothing survives the process to recover it from
    }

    @Override
    public void removeInflight(String clientId, int packetId) {
        // see putInflight
    }

    @Override
    public List<Inflight> inflight(String clientId) {
        return List.of();
    }

    @Override
    public void putInboundQos2(String clientId, int packetId) {
        // the session object holds it; nothing survives the process to recover it from
    }

    @Override
    public void removeInboundQos2(String clientId, int packetId) {
        // see putInboundQos2
    }

    @Override
    public Set<Integer> inboundQos2(String clientId) {
        return Set.of();
    }

    @Override
    public CompletionStage<Void> sync() {
        return CompletableFuture.completedFuture(null);
    }

    void clear() {
        records.clear();
        queues.clear();
    }
}
