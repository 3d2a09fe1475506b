package io.herald.broker.store.memory;

import io.herald.broker.message.Message;
import io.herald.broker.store.MessageQueue;
import java.util.ArrayDeque;

/**
 * A heap FIFO: the memory store's queues, and the queue of every session that ends with its connection
 * (it needs no durability whatever the store). Threads: owned by the session's event loop.
 */
public final class MemoryMessageQueue implements MessageQueue {

    private final ArrayDeque<Message> messages = new ArrayDeque<>();
    private long bytes;

    @Override
    public void add(Message message) {
        messages.addLast(message);
        bytes += message.size();
    }

    @Override
    public Message poll() {
        Message m = messages.pollFirst();
        if (m != null) {
            bytes -= m.size();
        }
        return m;
    }

    @Override
    public int size() {
        return messages.size();
    }

    @Override
    public long bytes() {
        return bytes;
    }

    @Override
    public void clear() {
        messages.clear();
        bytes = 0;
    }
}
