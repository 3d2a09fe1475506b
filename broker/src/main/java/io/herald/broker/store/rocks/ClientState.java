package io.herald.broker.store.rocks;

import io.herald.broker.store.SessionRecord;
import java.util.HashMap;
import java.util.Map;

/**
 * What a store keeps in the heap about one client id: its queue's counters, the deletes it owes, the
 * send order of its in-flight messages and whether it has records on disk, so that forgetting a client
 * that never had any (a clean session) costs no write.
 *
 * <p>Threads: owned by the client's session loop, like the session; at open and close by the thread
 * that opens or closes the store.
 */
final class ClientState {

    final String clientId;
    final byte[] prefix;
    final PendingDeletes pending = new PendingDeletes();
    final RocksMessageQueue queue;
    /** Send order of each in-flight packet id; kept when PUBREC replaces the record. */
    final Map<Integer, Long> inflightOrder = new HashMap<>();
    /** The last record saved, as saved (the full expiry interval); null when none is on disk. */
    SessionRecord record;
    long nextOrder;
    /** Whether inbound QoS 2 packet ids may be on disk. */
    boolean inboundQos2;

    ClientState(StoreDb db, String clientId) {
        this.clientId = clientId;
        this.prefix = Keys.prefix(clientId);
        this.queue = new RocksMessageQueue(db, clientId, prefix, pending);
    }

    long orderOf(int packetId) {
        return inflightOrder.computeIfAbsent(packetId, id -> nextOrder++);
    }

    void recoveredInflight(int packetId, long order) {
        inflightOrder.put(packetId, order);
        nextOrder = Math.max(nextOrder, order + 1);
    }
}
