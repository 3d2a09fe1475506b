package io.herald.broker.store.rocks;

import io.herald.broker.store.rocks.StoreDb.Family;
import java.util.ArrayList;
import java.util.List;

/**
 * Deletes a client owes the store, written with its next write instead of on their own: the queue
 * entries it polled (so that the delete reaches the log together with the in-flight record the message
 * became) and the in-flight records its client acknowledged (which saves a write per message). Until
 * then a kill can only bring a message back, never lose one: a QoS 1 message the client acknowledged
 * may come again after a crash, a QoS 2 one whose PUBCOMP came gets one more PUBREL.
 *
 * <p>Threads: owned by the client's session loop; at close by the thread that closes the store.
 */
final class PendingDeletes {

    private final List<StoreBatch.Write> deletes = new ArrayList<>();

    void add(Family family, byte[] key) {
        deletes.add(new StoreBatch.Write(StoreBatch.Kind.DELETE, family, key, null));
    }

    /** A new batch that starts with every pending delete; none is pending afterwards. */
    StoreBatch batch(StoreDb db) {
        StoreBatch batch = db.batch();
        for (StoreBatch.Write w : deletes) {
            batch.delete(w.family(), w.key());
        }
        deletes.clear();
        return batch;
    }
}
