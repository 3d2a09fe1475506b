package io.herald.broker.store.memory;

import io.herald.broker.message.Message;
import io.herald.broker.store.RetainedCursor;
import io.herald.broker.store.RetainedIndex;
import io.herald.broker.store.RetainedStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Retained messages in a concurrent map, their topic names in a {@link RetainedIndex} that wildcard
 * filters walk. A retained message is kept with its payload on the heap ({@link Message#onHeap()}): it
 * may stay for ever and is read by every loop, so it holds no network buffer and no reference count. Threads: thread-safe; a write to one topic changes the map inside the index's write of
 * that topic, so both see the same order when two threads retain on one topic at once.
 */
final class MemoryRetainedStore implements RetainedStore {

    private final ConcurrentMap<String, Message> byTopic = new ConcurrentHashMap<>();
    private final RetainedIndex index = new RetainedIndex();

    @Override
    public void put(Message message) {
        Message kept = message.onHeap();
        index.put(message.topic(), () -> byTopic.put(message.topic(), kept));
    }

    @Override
    public void remove(String topic) {
        index.remove(topic, () -> byTopic.remove(topic));
    }

    @Override
    public List<Message> match(String filter) {
        List<Message> out = new ArrayList<>();
        for (String topic : index.match(filter)) {
            Message m = byTopic.get(topic);
            if (m != null) {
                out.add(m);
            }
        }
        return out;
    }

    @Override
    public RetainedCursor cursor(String filter) {
        return index.cursor(filter);
    }

    @Override
    public Message get(String topic) {
        return byTopic.get(topic);
    }

    @Override
    public int size() {
        return index.size();
    }
}
