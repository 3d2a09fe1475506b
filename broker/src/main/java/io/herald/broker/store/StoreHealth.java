package io.herald.broker.store;

import java.time.Instant;

/**
 * Whether a store can write: while it cannot (a full disk, an I/O error), messages that must be
 * durable are refused rather than acknowledged.
 *
 * @param writable whether writes succeed
 * @param reason why it cannot write, one line; null while writable
 * @param since when the current state began (the store opened, failed or recovered)
 */
public record StoreHealth(boolean writable, String reason, Instant since) {

    /** A store that cannot fail, such as the in-memory one. */
    public static StoreHealth alwaysWritable() {
        return new StoreHealth(true, null, Instant.EPOCH);
    }
}
