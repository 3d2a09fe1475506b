package io.herald.broker.store;

import java.util.List;

/**
 * Persistent sessions and their message queues.
 *
 * <p>Threads: every method for one client id is called from that session's owning event loop only;
 * different client ids may be used concurrently from different loops.
 */
public interface SessionStore {

    /** The persistent sessions found when the store was opened. */
    List<SessionRecord> recover();

    /** Records or replaces the persistent state of {@code record.clientId()}. */
    void save(SessionRecord record);

    /** Forgets the session and its queue. */
    void remove(String clientId);

    /** The queue of messages waiting for {@code clientId}, opened (and recovered) on first use. */
    MessageQueue queue(String clientId);
}
