package io.herald.broker.store.memory;

import io.herald.broker.store.BrokerStore;
import io.herald.broker.store.RetainedStore;
import io.herald.broker.store.SessionStore;

/** A store that keeps everything in the heap: for tests and {@code --storage memory}; lost on exit. */
public final class MemoryStore implements BrokerStore {

    private final MemoryRetainedStore retained = new MemoryRetainedStore();
    private final MemorySessionStore sessions = new MemorySessionStore();

    @Override
    public RetainedStore retained() {
        return retained;
    }

    @Override
    public SessionStore sessions() {
        return sessions;
    }

    @Override
    public void close() {
        sessions.clear();
    }
}
