package io.herald.broker.store.rocks;

import io.herald.broker.store.BrokerStore;
import io.herald.broker.store.RetainedStore;
import io.herald.broker.store.SessionStore;
import io.herald.broker.store.StoreException;
import io.herald.broker.store.StoreHealth;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The durable store: persistent sessions, their queues, in-flight and inbound QoS 2 state, and
 * retained messages in a RocksDB database in one directory. Queues live on disk; the heap holds only
 * counters per client and the names of retained topics.
 *
 * <p>Lifecycle and threads: {@link #open} reads the store and frees what expired; the store then runs
 * one thread of its own, "herald-store", for the group commit and a heartbeat once a second (which
 * also syncs the log in {@link Durability#ASYNC} mode); the writes of sessions go to RocksDB from their
 * event loops, one batch per loop turn ({@link LoopBatch}). {@link #close} once, after the broker's
 * event loops have stopped. Other methods as {@link BrokerStore} says.
 */
public final class RocksStore implements BrokerStore {

    private final StoreDb db;
    private final Clock clock;
    private final ScheduledExecutorService storeThread;
    private final GroupCommit commit;
    private final RocksSessionStore sessions;
    private final RocksRetainedStore retained;
    private boolean closed;

    private RocksStore(StoreDb db, Durability durability, Clock clock, StoreRecovery.Recovered found,
            RocksRetainedStore retained) {
        this.db = db;
        this.clock = clock;
        this.storeThread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "herald-store");
            t.setDaemon(true);
            return t;
        });
        this.commit = new GroupCommit(db, durability, storeThread);
        this.sessions = new RocksSessionStore(db, commit, found);
        this.retained = retained;
        storeThread.scheduleWithFixedDelay(() -> heartbeat(durability), StoreRecovery.HEARTBEAT_MILLIS,
                StoreRecovery.HEARTBEAT_MILLIS, TimeUnit.MILLISECONDS);
    }

    /**
     * Store thread, once a second: notes that the broker is alive (and syncs in {@link Durability#ASYNC}
     * mode); after a failed write, tries to recover first.
     */
    private void heartbeat(Durability durability) {
        try {
            if (db.failure() != null && !db.tryRecover(this::probe)) {
                return;
            }
            StoreRecovery.markAlive(db, clock.millis());
            if (durability == Durability.ASYNC) {
                commit.commit();
            }
        } catch (StoreException failed) {
            // StoreDb logged the start of the failure once; the next heartbeat tries to recover
        }
    }

    /** A synced write: proves a recovered store can write. Store thread. */
    private void probe() {
        StoreRecovery.markAlive(db, clock.millis());
        db.syncWal();
    }

    /**
     * Opens (or creates) the store in {@code dir}.
     *
     * @throws StoreException with a one-line reason when it cannot be opened, is corrupt or was
     *     written in another format; nothing is changed on disk then
     */
    public static RocksStore open(Path dir, Durability durability, Clock clock) {
        StoreDb db = StoreDb.open(dir, clock);
        try {
            StoreRecovery.Recovered found = StoreRecovery.run(db, clock);
            return new RocksStore(db, durability, clock, found, RocksRetainedStore.open(db));
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    @Override
    public RetainedStore retained() {
        return retained;
    }

    @Override
    public SessionStore sessions() {
        return sessions;
    }

    /** The database, for tests of this package. */
    StoreDb db() {
        return db;
    }

    @Override
    public StoreHealth health() {
        return db.health();
    }

    /**
     * Writes what is pending, syncs the log, stops the store thread and closes the database; a store
     * that cannot write (a full disk) is closed without writing. Idempotent.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            storeThread.submit(() -> {
                if (db.failure() != null) {
                    return; // what it could not write is in no acknowledgement; the log has the rest
                }
                sessions.flushAll();
                StoreRecovery.markAlive(db, clock.millis());
                commit.commit();
            }).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            throw new StoreException("closing the store in " + db.dir() + ": " + e.getCause().getMessage(), e);
        } finally {
            storeThread.shutdownNow();
            db.close();
        }
    }
}
