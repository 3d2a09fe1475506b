package io.herald.broker.store.rocks;

import io.herald.broker.message.Message;
import io.herald.broker.store.MessageQueue;
import io.herald.broker.store.StoreException;
import io.herald.broker.store.rocks.StoreDb.Family;

/**
 * The queue of one client on disk: entries keyed by client id + sequence number, from {@link #head}
 * (oldest) to {@link #tail} (next free), always contiguous. Only the counters live in the heap.
 *
 * <p>A polled entry is not deleted at once: its delete is written with the client's next write (see
 * {@link #deletePolled}), normally the in-flight record the message became, so that a crash between
 * the two cannot lose an acknowledged message; at worst it comes back once more.
 *
 * <p>Threads: owned by the client's session loop, like the session itself; at open and close by the
 * thread that opens or closes the store.
 */
final class RocksMessageQueue implements MessageQueue {

    private final StoreDb db;
    private final String clientId;
    private final byte[] prefix;
    private long deletedUpTo;
    private long head;
    private long tail;
    private long bytes;

    RocksMessageQueue(StoreDb db, String clientId, byte[] prefix) {
        this.db = db;
        this.clientId = clientId;
        this.prefix = prefix;
    }

    /** Sets what a scan of the store found: entries {@code head} until {@code tail}. Open only. */
    void recovered(long head, long tail, long bytes) {
        this.deletedUpTo = head;
        this.head = head;
        this.tail = tail;
        this.bytes = bytes;
    }

    @Override
    public void add(Message message) {
        StoreDb.Batch batch = db.batch();
        deletePolled(batch);
        batch.put(Family.QUEUES, Keys.withSeq(prefix, tail), Records.queued(message)).commit();
        tail++;
        bytes += message.size();
    }

    @Override
    public Message poll() {
        if (head == tail) {
            return null;
        }
        byte[] value = db.get(Family.QUEUES, Keys.withSeq(prefix, head));
        if (value == null) {
            throw new StoreException("the store in " + db.dir() + " lost queued message " + head + " of client "
                    + clientId);
        }
        Message m = Records.queued(value, clientId);
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
        StoreDb.Batch batch = db.batch();
        deleteAll(batch);
        batch.commit();
    }

    /** Adds the deletes of the entries polled since the last write to {@code batch}. */
    void deletePolled(StoreDb.Batch batch) {
        for (; deletedUpTo < head; deletedUpTo++) {
            batch.delete(Family.QUEUES, Keys.withSeq(prefix, deletedUpTo));
        }
    }

    /** Adds the delete of every entry, polled or not, to {@code batch}; the queue is empty afterwards. */
    void deleteAll(StoreDb.Batch batch) {
        if (deletedUpTo < tail) {
            batch.deleteRange(Family.QUEUES, Keys.withSeq(prefix, deletedUpTo), Keys.withSeq(prefix, tail));
        }
        head = tail;
        deletedUpTo = tail;
        bytes = 0;
    }
}
