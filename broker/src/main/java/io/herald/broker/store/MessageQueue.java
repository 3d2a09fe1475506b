package io.herald.broker.store;

import io.herald.broker.message.Message;

/**
 * The FIFO of messages waiting for one session: queued while it is offline or while its in-flight
 * window is full. Limits and the overflow policy are applied by the caller.
 *
 * <p>Payload references ({@link io.herald.broker.message.Payload}): {@link #add} borrows the message and
 * the queue takes its own reference if it keeps the message in the heap; {@link #peek} lends the oldest;
 * {@link #poll} hands the queue's reference to the caller, who releases it or passes it on;
 * {@link #clear} releases what it held.
 *
 * <p>Threads: owned by the session's event loop.
 */
public interface MessageQueue {

    void add(Message message);

    /** The oldest message without removing it, or null when empty. */
    Message peek();

    /** Removes the oldest message and returns it, or null when empty. */
    Message poll();

    int size();

    /** Sum of {@link Message#size()} over the queued messages. */
    long bytes();

    void clear();

    /**
     * At shutdown: gives back the payload references the queue holds in the heap; unlike {@link #clear}
     * it removes nothing from a store.
     */
    void releasePayloads();
}
