package io.herald.broker.store.rocks;

import io.herald.broker.store.rocks.StoreDb.Family;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Deletes a client owes the store, written with its next write instead of on their own. Two kinds:
 * the queue entries it polled, which wait for that next write so that the delete reaches the log
 * together with the in-flight record the message became (never before it); and the in-flight records
 * its client acknowledged and the inbound QoS 2 packet ids it released, which the store thread also
 * writes within {@link RocksStore#ACK_FLUSH_MILLIS} when no other write of the client comes first
 * ({@link #writeAcknowledged}). So a kill can bring back a message only if its acknowledgement came
 * less than that before the kill; it never loses one. A write that fails leaves the deletes pending
 * (a full disk): they go with the first write that works.
 *
 * <p>Threads: the client's session loop adds deletes and writes its records through {@link #write};
 * the store thread calls {@link #writeAcknowledged}. Both write under this object's monitor, so a
 * delete the store thread takes can never reach the log after a later write of the same key (an
 * in-flight packet id used again).
 */
final class PendingDeletes {

    private final List<byte[]> polled = new ArrayList<>(); // guarded by this
    private final List<StoreBatch.Write> acknowledged = new ArrayList<>(); // guarded by this
    /** Writes that failed and must still be made, in order, before any later one (a full disk). */
    private final List<StoreBatch.Write> kept = new ArrayList<>(); // guarded by this

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
        return acknowledged(Family.INFLIGHT, inflightKey);
    }

    /** An inbound QoS 2 packet id released by PUBREL: deleted as an acknowledgement is. Session loop. */
    synchronized boolean released(byte[] inboundQos2Key) {
        return acknowledged(Family.INBOUND_QOS2, inboundQos2Key);
    }

    private boolean acknowledged(Family family, byte[] key) {
        acknowledged.add(new StoreBatch.Write(StoreBatch.Kind.DELETE, family, key, null));
        return acknowledged.size() == 1;
    }

    /**
     * Writes, in one atomic batch, every pending delete followed by what {@code writes} adds; none is
     * pending afterwards. When the write fails, the deletes stay pending and what {@code writes} added
     * is dropped (the caller undoes it). Session loop (or the thread that closes the store).
     */
    synchronized void write(StoreDb db, Consumer<StoreBatch> writes) {
        write(db, writes, false);
    }

    /**
     * As {@link #write}, but when the write fails what {@code writes} added is kept and made before the
     * client's next write: for a change the broker cannot undo (a message already sent to the client
     * becoming in flight). Session loop.
     */
    synchronized void writeOrKeep(StoreDb db, Consumer<StoreBatch> writes) {
        write(db, writes, true);
    }

    private void write(StoreDb db, Consumer<StoreBatch> writes, boolean keep) {
        StoreBatch batch = db.batch();
        polled.forEach(key -> batch.delete(Family.QUEUES, key));
        kept.forEach(batch::add);
        acknowledged.forEach(w -> batch.delete(w.family(), w.key()));
        int own = batch.size();
        writes.accept(batch);
        try {
            batch.commit();
        } catch (RuntimeException failed) {
            if (keep) {
                kept.addAll(batch.writesFrom(own));
            }
            throw failed;
        }
        polled.clear();
        kept.clear();
        acknowledged.clear();
    }

    /** Writes the acknowledged deletes only (never a polled queue entry's). Store thread. */
    synchronized void writeAcknowledged(StoreDb db) {
        if (acknowledged.isEmpty() || !kept.isEmpty()) {
            return; // a kept write must go first: the client's next write takes them all, in order
        }
        StoreBatch batch = db.batch();
        acknowledged.forEach(w -> batch.delete(w.family(), w.key()));
        batch.commit();
        acknowledged.clear();
    }
}
