package io.herald.broker.store;

/**
 * The broker's storage SPI: where retained messages, persistent sessions and their queues live.
 *
 * <p>An implementation is opened once at start and closed (flushed) once at shutdown. The in-memory
 * store serves tests and {@code --storage memory}; durable stores plug in behind the same interfaces.
 */
public interface BrokerStore extends AutoCloseable {

    RetainedStore retained();

    SessionStore sessions();

    /** Whether the store can write now; a store that cannot fail keeps the default. Any thread. */
    default StoreHealth health() {
        return StoreHealth.alwaysWritable();
    }

    /** Flushes and releases everything; the store is unusable afterwards. */
    @Override
    void close();
}
