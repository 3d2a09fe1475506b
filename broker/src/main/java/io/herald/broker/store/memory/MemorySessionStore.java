package io.herald.broker.store.memory;

import io.herald.broker.store.MessageQueue;
import io.herald.broker.store.SessionRecord;
import io.herald.broker.store.SessionStore;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** Sessions and queues in the heap. Maps are concurrent because sessions live on different loops. */
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

    void clear() {
        records.clear();
        queues.clear();
    }
}
