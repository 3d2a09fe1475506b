package io.herald.broker.store.rocks;

/** When a {@link RocksStore} calls a write durable. */
public enum Durability {
    /**
     * After an fsync of the write-ahead log, shared by every write waiting at the time (group commit):
     * an acknowledged message survives a kill, a crash of the machine and a power loss.
     */
    SYNC,
    /**
     * At once: writes sit in the operating system's buffers (and are synced once a second). An
     * acknowledged message survives a kill of the process, but up to a second of them may be lost
     * when the machine itself goes down.
     */
    ASYNC
}
