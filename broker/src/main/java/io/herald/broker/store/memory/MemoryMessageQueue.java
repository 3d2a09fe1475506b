package io.herald.broker.store.memory;

import io.herald.broker.message.Message;
import io.herald.broker.store.MessageQueue;
import java.util.ArrayDeque;

/**
 * A heap FIFO: the memory store's queues, and the queue of every session that ends with its connection
 * (it needs no durability whatever the store). The deque is created by the first message, so an
 * idle session's queue costs one small object. It holds a reference to each queued message's payload
 * ({@link MessageQueue}). Threads: owned by the session's event loop.
 */
public final class MemoryMessageQueue implements MessageQueue {

    private ArrayDeque<Message> messages;
    private long bytes;

    @Override
    public void add(Message message) {
        if (messages == null) {
            messages = new ArrayDeque<>();
        }
        messages.addLast(message.retainPayload());
        bytes += message.size();
    }

    @Override
    public Message peek() {
        return messages == null ? null : messages.peekFirst();
    }

    @Override
    public Message poll() {
        Message m = messages == null ? null : messages.pollFirst();
        if (m != null) {
            bytes -= m.size();
        }
        return m;
    }

    @Override
    public int size() {
        return messages == null ? 0 : messages.size();
    }

    @Override
    public long bytes() {
        return bytes;
    }

    @Override
    public void releasePayloads() {
        clear();
    }

    @Override
    public void clear() {
        if (messages != null) {
            messages.forEach(Message::releasePayload);
        }
        messages = null;
        bytes = 0;
    }
}
