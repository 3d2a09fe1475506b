package io.herald.broker.store.rocks;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** Base of tests on a {@link RocksStore} in a temporary directory that they close and open again, as a restart does. */
abstract class ReopenedStoreTest {

    @TempDir
    Path dir;
    final TestClock clock = new TestClock(1_700_000_000_000L);
    RocksStore store;

    @AfterEach
    void closeStore() {
        stop();
    }

    /** Closes the store if it is open, and opens it again (sync durability). */
    RocksStore reopen() {
        stop();
        store = RocksStore.open(dir, Durability.SYNC, clock);
        return store;
    }

    /** Closes the store, as a shutdown does. */
    void stop() {
        if (store != null) {
            store.close();
            store = null;
        }
    }
}
