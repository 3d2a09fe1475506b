package io.herald.broker.store.rocks;

import io.herald.broker.store.rocks.StoreDb.Family;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Deletes a client owes the store, written with its next write instead of on their own. Two kinds:
 * the queue entries it polled, which wait for that next write so that the delete reaches the log
 * together with the in-flight record the message became (never before it); and the in-flight records
 * its client acknowledged, which the store thread also writes within {@link RocksStore#ACK_FLUSH_MILLIS}
 * when no other write of the client comes first ({@link #writeAcknowledged}). So a kill can bring back
 * a message only if its acknowledgement came less than that before the kill; it never loses one.
 *
 * <p>Threads: the client's session loop adds deletes and writes its records through {@link #write};
 * the store thread calls {@link #writeAcknowledged}. Both write under this object's monitor, so a
 * delete the store thread takes can never reach the log after a later write of the same key (an
 * in-flight packet id used again).
 */
final class PendingDeletes {

    private final List<byte[]> polled = new ArrayList<>(); // guarded by this
    private final List<byte[]> acknowledged = new ArrayList<>(); // guarded by this

    /** A queue entry polled: deleted with the client's next write. Session loop. */
    synchronized void polled(byte[] queueKey) {
        polled.add(queueKey);
    }

    /**
     * An in-flight record acknowledged: deleted with the client's next write or by the store thread,
     * whichever comes first. Session loop.
     *
     * @return whether it is the first acknowledgement pending, so the caller asks the store thread for a write
     */
    synchronized boolean acknowledged(byte[] inflightKey) {
        acknowledged.add(inflightKey);
        return acknowledged.size() == 1;
    }

    /**
     * Writes, in one atomic batch, every pending delete followed by what {@code writes} adds; none is
     * pending afterwards. When the write fails, the deletes stay pending. Session loop (or the thread
     * that closes the store).
     */
    synchronized void write(StoreDb db, Consumer<StoreBatch> writes) {
        StoreBatch batch = db.batch();
        polled.forEach(key -> batch.delete(Family.QUEUES, key));
        acknowledged.forEach(key -> batch.delete(Family.INFLIGHT, key));
        writes.accept(batch);
        batch.commit();
        polled.clear();
        acknowledged.clear();
    }

    /** Writes the acknowledged deletes only (never a polled queue entry's). Store thread. */
    synchronized void writeAcknowledged(StoreDb db) {
        if (acknowledged.isEmpty()) {
            return;
        }
        StoreBatch batch = db.batch();
        acknowledged.forEach(key -> batch.delete(Family.INFLIGHT, key));
        batch.commit();
        acknowledged.clear();
    }
}
