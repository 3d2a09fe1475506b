package io.herald.broker.store.rocks;

import io.herald.broker.message.Message;
import io.herald.broker.store.MessageQueue;
import io.herald.broker.store.StoreException;
import io.herald.broker.store.rocks.StoreDb.Family;

/**
 * The queue of one client on disk: entries keyed by client id + sequence number, from {@link #head}
 * (oldest) to {@link #tail} (next free). Only the counters live in the heap. A polled entry's delete
 * waits in the client's {@link PendingDeletes}; entries are deleted oldest first, so what is on disk
 * is always contiguous.
 *
 * <p>Threads: owned by the client's session loop, like the session itself; at open and close by the
 * thread that opens or closes the store.
 */
final class RocksMessageQueue implements MessageQueue {

    private final StoreDb db;
    private final String clientId;
    private final byte[] prefix;
    private final PendingDeletes pending;
    private long head;
    private long tail;
    private long bytes;

    RocksMessageQueue(StoreDb db, String clientId, byte[] prefix, PendingDeletes pending) {
        this.db = db;
        this.clientId = clientId;
        this.prefix = prefix;
        this.pending = pending;
    }

    /** Sets what a scan of the store found: entries {@code head} until {@code tail}. Open only. */
    void recovered(long head, long tail, long bytes) {
        this.head = head;
        this.tail = tail;
        this.bytes = bytes;
    }

    @Override
    public void add(Message message) {
        byte[] key = Keys.withSeq(prefix, tail);
        byte[] value = Records.queued(message);
        pending.write(db, batch -> batch.put(Family.QUEUES, key, value));
        tail++;
        bytes += message.size();
    }

    @Override
    public Message poll() {
        if (head == tail) {
            return null;
        }
        byte[] key = Keys.withSeq(prefix, head);
        byte[] value = db.get(Family.QUEUES, key);
        if (value == null) {
            throw new StoreException("the store in " + db.dir() + " lost queued message " + head + " of client "
                    + clientId);
        }
        Message m = Records.queued(value, clientId);
        pending.polled(key);
        head++;
        bytes -= m.size();
        return m;
    }

    @Override
    public int size() {
        return (int) (tail - head);
    }

    @Override
    public long bytes() {
        return bytes;
    }

    @Override
    public void clear() {
        pending.write(db, this::deleteAll);
    }

    /** Adds the delete of every entry not polled yet to {@code batch}; the queue is empty afterwards. */
    void deleteAll(StoreBatch batch) {
        if (head < tail) {
            batch.deleteRange(Family.QUEUES, Keys.withSeq(prefix, head), Keys.withSeq(prefix, tail));
        }
        head = tail;
        bytes = 0;
    }
}
