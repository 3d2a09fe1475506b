package io.herald.broker.store;

import io.herald.broker.message.Inflight;
import io.herald.broker.message.Message;
import java.util.List;
import java.util.Set;
import io.netty.channel.EventLoop;
import java.util.concurrent.CompletionStage;

/**
 * Persistent sessions and their message queues.
 *
 * <p>Only persistent sessions are written here. The write methods journal each change of a session
 * as it happens; {@link #sync()} is the durability barrier: its stage completes once everything
 * written before the call survives a crash. The broker waits for it before it acknowledges a QoS 1/2
 * message that a persistent session must receive. A store may batch many writes into one sync
 * (group commit).
 *
 * <p>Failures: a write the store cannot make throws {@link StoreException}, and the broker refuses
 * what needed it (the publisher is not acknowledged); a store that writes at the end of a loop's turn
 * throws while it knows it cannot write, and fails the {@link #sync()} that waits for a turn whose
 * write failed. {@link #offline}, {@link #remove} and the
 * removals of acknowledged state never throw: what they could not write is written later or stays on
 * disk, which can only bring a message back after a restart, never lose one.
 *
 * <p>Threads: every method for one client id is called from that session's owning event loop only;
 * different client ids may be used concurrently from different loops. {@link #sync()} from any loop.
 * A store may collect the writes that one event loop makes in one turn and write them together at the
 * end of the turn ({@link #sessionLoop}); {@link #sync()} then also waits for those writes.
 */
public interface SessionStore {

    /**
     * The persistent sessions found when the store was opened, without those that expired while the
     * broker was down. The expiry interval of a recovered record is what is left of it, counted from
     * when the session went offline ({@link #offline}, or the time the broker went down).
     */
    List<SessionRecord> recover();

    /**
     * The event loop that makes every call for {@code clientId} from now on (its session's loop): a
     * store may collect the writes of one turn of that loop, of all its sessions, and make them together
     * when the turn ends. The session calls it before its first write.
     */
    default void sessionLoop(String clientId, EventLoop loop) {
        // writes are made as they come
    }

    /** Records or replaces the persistent state of {@code record.clientId()}, attached to a connection. */
    void save(SessionRecord record);

    /** The session's connection closed at {@code sinceMillis}: its expiry interval runs from there. */
    void offline(String clientId, long sinceMillis);

    /** Forgets the session and its queue. */
    void remove(String clientId);

    /** The queue of messages waiting for {@code clientId}, opened (and recovered) on first use. */
    MessageQueue queue(String clientId);

    /** Records an outbound in-flight message, or replaces it (when PUBREC released it). */
    void putInflight(String clientId, Inflight inflight);

    /**
     * The oldest message of {@link #queue}{@code (clientId)} was sent as {@code inflight}: removes it
     * from the queue and records it in flight. A store may keep the queue's record of the message as
     * its in-flight record instead of writing the message again.
     */
    default void putInflightFromQueue(String clientId, Inflight inflight) {
        Message queued = queue(clientId).poll();
        putInflight(clientId, inflight);
        if (queued != null) {
            queued.releasePayload();
        }
    }

    /** Forgets an outbound in-flight message once the client acknowledged it. */
    void removeInflight(String clientId, int packetId);

    /** The outbound in-flight messages of a recovered session, in the order they were first sent. */
    List<Inflight> inflight(String clientId);

    /** Records a QoS 2 packet id received from the client and not yet released by PUBREL. */
    void putInboundQos2(String clientId, int packetId);

    void removeInboundQos2(String clientId, int packetId);

    /** The unreleased inbound QoS 2 packet ids of a recovered session. */
    Set<Integer> inboundQos2(String clientId);

    /** Completes once every write made before this call is durable. */
    CompletionStage<Void> sync();
}
