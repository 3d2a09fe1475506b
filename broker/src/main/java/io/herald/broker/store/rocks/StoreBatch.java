package io.herald.broker.store.rocks;

import io.herald.broker.store.rocks.StoreDb.Family;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes of one change that must reach the log together (a queue entry's delete with the in-flight
 * record it became), applied by {@link #commit()}. Most changes are a single write, which goes to
 * RocksDB directly, without a native write batch.
 *
 * <p>Threads: confined to the thread that builds and commits it.
 */
final class StoreBatch {

    enum Kind { PUT, DELETE, DELETE_RANGE }

    /** One write; for {@link Kind#DELETE_RANGE}, {@code key} is the first key and {@code value} the end (exclusive). */
    record Write(Kind kind, Family family, byte[] key, byte[] value) {}

    private final StoreDb db;
    private final List<Write> writes = new ArrayList<>(2);

    StoreBatch(StoreDb db) {
        this.db = db;
    }

    StoreBatch put(Family f, byte[] key, byte[] value) {
        writes.add(new Write(Kind.PUT, f, key, value));
        return this;
    }

    StoreBatch delete(Family f, byte[] key) {
        writes.add(new Write(Kind.DELETE, f, key, null));
        return this;
    }

    StoreBatch deleteRange(Family f, byte[] from, byte[] to) {
        writes.add(new Write(Kind.DELETE_RANGE, f, from, to));
        return this;
    }

    StoreBatch add(Write w) {
        writes.add(w);
        return this;
    }

    /** The writes added from position {@code from} on. */
    List<Write> writesFrom(int from) {
        return List.copyOf(writes.subList(from, writes.size()));
    }

    int size() {
        return writes.size();
    }

    void commit() {
        db.apply(writes);
    }
}
