package io.herald.broker.store.rocks;

import io.herald.broker.store.SessionRecord;
import java.util.HashMap;
import java.util.Map;

/**
 * What a store keeps in the heap about one client id: its queue's counters, the loop batch its writes
 * go to, the send order of its in-flight messages (and the queue record each one stays in, if any) and
 * whether it has records on disk, so that forgetting a client that never had any (a clean session)
 * costs no write.
 *
 * <p>Threads: owned by the client's session loop, like the session; at open and close by the thread
 * that opens or closes the store.
 */
final class ClientState {

    /**
     * Where an in-flight message is kept: its send order, and the sequence number of the queue record
     * that holds it, or -1 when its in-flight record holds it.
     */
    record Slot(long order, long queueSeq) {

        boolean queued() {
            return queueSeq >= 0;
        }
    }

    final String clientId;
    final byte[] prefix;
    final RocksMessageQueue queue;
    /** Where this client's writes go: its session loop's batch once {@code sessionLoop} said which. */
    LoopBatch batch;
    /** Each in-flight packet id's slot; kept when PUBREC replaces the record. */
    final Map<Integer, Slot> inflight = new HashMap<>();
    /** The last record saved, as saved (the full expiry interval); null when none is on disk. */
    SessionRecord record;
    long nextOrder;
    /** Whether inbound QoS 2 packet ids may be on disk. */
    boolean inboundQos2;

    ClientState(StoreDb db, String clientId, LoopBatch batch) {
        this.clientId = clientId;
        this.prefix = Keys.prefix(clientId);
        this.batch = batch;
        this.queue = new RocksMessageQueue(db, this);
    }

    /** The slot of {@code packetId}, a new one holding its own message if it has none yet. */
    Slot slotOf(int packetId) {
        return inflight.computeIfAbsent(packetId, id -> new Slot(nextOrder++, -1));
    }

    /** A new slot for a message that stays in its queue record {@code queueSeq}. */
    Slot queuedSlot(int packetId, long queueSeq) {
        Slot s = new Slot(nextOrder++, queueSeq);
        inflight.put(packetId, s);
        return s;
    }

    void recoveredInflight(int packetId, Slot slot) {
        inflight.put(packetId, slot);
        nextOrder = Math.max(nextOrder, slot.order() + 1);
    }
}
