package io.herald.broker.store.rocks;

import io.herald.broker.message.Message;
import io.herald.broker.store.MessageQueue;
import io.herald.broker.store.StoreException;
import io.herald.broker.store.rocks.LoopBatch.OnFailure;
import io.herald.broker.store.rocks.StoreDb.Family;
import java.util.ArrayDeque;

/**
 * The queue of one client on disk: entries keyed by client id + sequence number, from {@link #head}
 * (oldest) to {@link #tail} (next free). A polled entry is deleted; an entry that goes in flight
 * ({@link #takeForInflight}) stays on disk as the message of its in-flight record, until that is
 * acknowledged. So the entries from {@code head} on are always contiguous; those before it are in
 * flight.
 *
 * <p>The heap holds the counters and the records whose write may not have reached RocksDB yet (it waits
 * for the end of the loop's turn, {@link LoopBatch}), because a read would not find them: {@link
 * #recent}, dropped once written (at the next add or peek). It keeps records, not messages: a message
 * read back from here or from disk has its payload on the heap, so the queue holds no payload
 * references ({@link io.herald.broker.store.MessageQueue}).
 *
 * <p>Threads: owned by the client's session loop, like the session itself; at open and close by the
 * thread that opens or closes the store.
 */
final class RocksMessageQueue implements MessageQueue {

    /** The record of a queued message kept in the heap, and the turn of its loop batch that writes it. */
    private record Recent(long seq, byte[] value, long turn) {}

    private final StoreDb db;
    private final ClientState owner;
    private long head;
    private long tail;
    private long bytes;
    /** The newest entries, oldest first, all from {@code head} on: those not yet written, and some written. */
    private ArrayDeque<Recent> recent;
    /** The message at {@code head} once {@link #peek} read it, else null. */
    private Message peeked;

    RocksMessageQueue(StoreDb db, ClientState owner) {
        this.db = db;
        this.owner = owner;
    }

    /** Sets what a scan of the store found: entries {@code head} until {@code tail}. Open only. */
    void recovered(long head, long tail, long bytes) {
        this.head = head;
        this.tail = tail;
        this.bytes = bytes;
    }

    @Override
    public void add(Message message) {
        byte[] key = Keys.withSeq(owner.prefix, tail);
        byte[] value = Records.queued(message);
        long turn = owner.batch.add(new StoreBatch(db).put(Family.QUEUES, key, value), OnFailure.REFUSE);
        trimRecent();
        if (!owner.batch.isWritten(turn)) {
            if (recent == null) {
                recent = new ArrayDeque<>();
            }
            recent.addLast(new Recent(tail, value, turn));
        }
        tail++;
        bytes += message.size();
    }

    @Override
    public Message peek() {
        if (head == tail) {
            return null;
        }
        if (peeked == null) {
            trimRecent();
            Recent r = recent == null ? null : recent.peekFirst();
            peeked = r != null && r.seq() == head ? Records.queued(r.value(), owner.clientId) : read(head);
        }
        return peeked;
    }

    @Override
    public Message poll() {
        Message m = peek();
        if (m != null) {
            owner.batch.add(new StoreBatch(db).delete(Family.QUEUES, Keys.withSeq(owner.prefix, head)), OnFailure.KEEP);
            advance(m);
        }
        return m;
    }

    /**
     * Takes the oldest message out of the queue without deleting its entry, which becomes the message
     * of an in-flight record; the caller writes that record. Call only when the queue is not empty.
     *
     * @return the sequence number of the entry
     */
    long takeForInflight() {
        Message m = peek();
        if (m == null) {
            throw new IllegalStateException("the queue of client " + owner.clientId + " is empty");
        }
        long seq = head;
        advance(m);
        return seq;
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
        StoreBatch batch = new StoreBatch(db);
        deleteAll(batch);
        owner.batch.add(batch, OnFailure.KEEP);
    }

    @Override
    public void releasePayloads() {
        // the queue keeps records, not payloads
    }

    /** Adds the delete of every entry not taken yet to {@code batch}; the queue is empty afterwards. */
    void deleteAll(StoreBatch batch) {
        if (head < tail) {
            batch.deleteRange(Family.QUEUES, Keys.withSeq(owner.prefix, head), Keys.withSeq(owner.prefix, tail));
        }
        head = tail;
        bytes = 0;
        recent = null;
        peeked = null;
    }

    /** The message of entry {@code seq}, read from the store. */
    Message read(long seq) {
        byte[] value = db.get(Family.QUEUES, Keys.withSeq(owner.prefix, seq));
        if (value == null) {
            throw new StoreException("the store in " + db.dir() + " lost queued message " + seq + " of client "
                    + owner.clientId);
        }
        return Records.queued(value, owner.clientId);
    }

    private void advance(Message m) {
        Recent r = recent == null ? null : recent.peekFirst();
        if (r != null && r.seq() == head) {
            recent.pollFirst();
        }
        head++;
        bytes -= m.size();
        peeked = null;
    }

    /** Drops the entries that RocksDB has now, oldest first: the queue's messages stay on disk, not in the heap. */
    private void trimRecent() {
        while (recent != null && !recent.isEmpty() && owner.batch.isWritten(recent.peekFirst().turn())) {
            recent.pollFirst();
        }
    }
}
