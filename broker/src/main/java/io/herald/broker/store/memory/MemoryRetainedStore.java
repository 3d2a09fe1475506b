package io.herald.broker.store.memory;

import io.herald.broker.message.Message;
import io.herald.broker.store.RetainedStore;
import io.herald.broker.topic.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** Retained messages in a concurrent map; a filter without wildcards is a single lookup. */
final class MemoryRetainedStore implements RetainedStore {

    private final ConcurrentMap<String, Message> byTopic = new ConcurrentHashMap<>();

    @Override
    public void put(Message message) {
        byTopic.put(message.topic(), message);
    }

    @Override
    public void remove(String topic) {
        byTopic.remove(topic);
    }

    @Override
    public List<Message> match(String filter) {
        if (filter.indexOf('+') < 0 && filter.indexOf('#') < 0) {
            Message m = byTopic.get(filter);
            return m == null ? List.of() : List.of(m);
        }
        List<Message> out = new ArrayList<>();
        for (Message m : byTopic.values()) {
            if (Topics.matches(filter, m.topic())) {
                out.add(m);
            }
        }
        return out;
    }

    @Override
    public Message get(String topic) {
        return byTopic.get(topic);
    }

    @Override
    public int size() {
        return byTopic.size();
    }
}
