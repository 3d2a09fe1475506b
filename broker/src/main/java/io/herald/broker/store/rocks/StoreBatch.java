package io.herald.broker.store.rocks;

import io.herald.broker.store.rocks.StoreDb.Family;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes of one change that must reach the log together (an acknowledged in-flight record's delete with
 * that of the queue record holding its message), applied by {@link #commit()} or added to a {@link
 * LoopBatch}. A single write goes to RocksDB directly, without a native write batch.
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

    boolean isEmpty() {
        return writes.isEmpty();
    }

    /** Appends these writes to {@code to}, in order. */
    void addTo(List<Write> to) {
        to.addAll(writes);
    }

    void commit() {
        db.apply(writes);
    }
}
