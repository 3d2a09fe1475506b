package io.herald.broker.store.rocks;

import io.herald.broker.message.Message;
import io.herald.broker.store.RetainedCursor;
import io.herald.broker.store.RetainedIndex;
import io.herald.broker.store.RetainedStore;
import io.herald.broker.store.StoreException;
import io.herald.broker.store.rocks.StoreDb.Family;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Retained messages in RocksDB, keyed by topic, with their topic names in a {@link RetainedIndex} in the
 * heap. Payloads stay on disk: retained messages can number one per device and add up to gigabytes, and
 * they are read only when a client subscribes, so the heap holds topic names only and a wildcard match
 * reads just the messages it matched. The index is rebuilt from the database when the store opens.
 *
 * <p>Threads: thread-safe. A write to one topic runs inside the index's write of that topic, so the
 * index and the database see the same order when two loops retain on one topic at once.
 */
final class RocksRetainedStore implements RetainedStore {

    private final StoreDb db;
    private final RetainedIndex index = new RetainedIndex();

    private RocksRetainedStore(StoreDb db) {
        this.db = db;
    }

    /** Builds the topic index from the database, decoding each record once so that a corrupt one stops the start. */
    static RocksRetainedStore open(StoreDb db) {
        RocksRetainedStore store = new RocksRetainedStore(db);
        try {
            db.forEach(Family.RETAINED, (key, value) -> {
                String topic = new String(key, StandardCharsets.UTF_8);
                Records.retained(value, topic);
                store.index.put(topic, () -> {});
            });
        } catch (StoreException e) {
            throw StoreDb.corrupt(db.dir(), e.getMessage(), e);
        }
        return store;
    }

    @Override
    public void put(Message message) {
        byte[] key = Keys.name(message.topic());
        byte[] record = Records.retained(message);
        index.put(message.topic(), () -> db.put(Family.RETAINED, key, record));
    }

    @Override
    public void remove(String topic) {
        index.remove(topic, () -> db.delete(Family.RETAINED, Keys.name(topic)));
    }

    @Override
    public List<Message> match(String filter) {
        List<Message> out = new ArrayList<>();
        for (String topic : index.match(filter)) {
            Message m = read(topic);
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
        return read(topic);
    }

    @Override
    public int size() {
        return index.size();
    }

    /** The retained message of {@code topic}, or null when it was removed meanwhile. */
    private Message read(String topic) {
        byte[] value = db.get(Family.RETAINED, Keys.name(topic));
        return value == null ? null : Records.retained(value, topic);
    }
}
