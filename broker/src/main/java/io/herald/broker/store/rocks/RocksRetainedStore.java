package io.herald.broker.store.rocks;

import io.herald.broker.message.Message;
import io.herald.broker.store.RetainedStore;
import io.herald.broker.store.StoreException;
import io.herald.broker.store.rocks.StoreDb.Family;
import io.herald.broker.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Retained messages in RocksDB, keyed by topic, with the set of topics in the heap. Payloads stay on
 * disk: retained messages can number one per device and add up to gigabytes, and they are read only
 * when a client subscribes, so the heap holds topic names only and a wildcard match reads just the
 * messages it matched.
 *
 * <p>Threads: thread-safe. Writes to one topic run inside {@link ConcurrentMap#compute} on its entry,
 * so the index and the database see the same order when two loops retain on one topic at once.
 */
final class RocksRetainedStore implements RetainedStore {

    private final StoreDb db;
    private final ConcurrentMap<String, Boolean> topics = new ConcurrentHashMap<>();

    private RocksRetainedStore(StoreDb db) {
        this.db = db;
    }

    /** Loads the topic index, decoding each record once so that a corrupt one stops the start. */
    static RocksRetainedStore open(StoreDb db) {
        RocksRetainedStore store = new RocksRetainedStore(db);
        try {
            db.forEach(Family.RETAINED, (key, value) -> {
                String topic = new String(key, StandardCharsets.UTF_8);
                Records.retained(value, topic);
                store.topics.put(topic, Boolean.TRUE);
            });
        } catch (StoreException e) {
            throw StoreDb.corrupt(db.dir(), e.getMessage(), e);
        }
        return store;
    }

    @Override
    public void put(Message message) {
        topics.compute(message.topic(), (topic, old) -> {
            db.put(Family.RETAINED, Keys.name(topic), Records.retained(message));
            return Boolean.TRUE;
        });
    }

    @Override
    public void remove(String topic) {
        topics.computeIfPresent(topic, (t, old) -> {
            db.delete(Family.RETAINED, Keys.name(t));
            return null;
        });
    }

    @Override
    public List<Message> match(String filter) {
        if (filter.indexOf('+') < 0 && filter.indexOf('#') < 0) {
            Message m = read(filter);
            return m == null ? List.of() : List.of(m);
        }
        List<Message> out = new ArrayList<>();
        for (String topic : topics.keySet()) {
            if (Topics.matches(filter, topic)) {
                Message m = read(topic);
                if (m != null) {
                    out.add(m);
                }
            }
        }
        return out;
    }

    @Override
    public List<String> matchTopics(String filter) {
        List<String> out = new ArrayList<>();
        for (String topic : topics.keySet()) {
            if (Topics.matches(filter, topic)) {
                out.add(topic);
            }
        }
        return out;
    }

    @Override
    public Message get(String topic) {
        return read(topic);
    }

    @Override
    public int size() {
        return topics.size();
    }

    /** The retained message of {@code topic}, or null when it was removed meanwhile. */
    private Message read(String topic) {
        byte[] value = db.get(Family.RETAINED, Keys.name(topic));
        return value == null ? null : Records.retained(value, topic);
    }
}
