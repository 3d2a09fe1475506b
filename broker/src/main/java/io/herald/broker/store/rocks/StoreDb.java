package io.herald.broker.store.rocks;

import io.herald.broker.store.StoreException;
import io.herald.broker.store.StoreHealth;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.BiConsumer;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RocksDB database under a store: its column families, unsynced writes to the write-ahead log,
 * scans and WAL syncs; every RocksDB error comes out as a one-line {@link StoreException}.
 *
 * <p>Failures: a failed write or sync puts the store in a failed state ({@link #failure()}), logged
 * once: no sync claims durability while it lasts, so nothing is acknowledged that might not be on
 * disk. RocksDB itself refuses every write after an I/O error until the database is reopened, so the
 * store thread calls {@link #tryRecover} every second: once the disk has room again it reopens the
 * database (the write-ahead log brings back everything written before) and probes it with a synced
 * write; when that works the failed state ends, logged once.
 *
 * <p>Threads: thread-safe. Every use of the database holds the read lock; only a reopen takes the
 * write lock, so it never closes the database under a running call. {@link #close} once, after every
 * other use.
 */
final class StoreDb implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StoreDb.class);

    /** Free bytes the disk must have before a failed store tries to reopen. */
    static final long RECOVERY_FREE_BYTES = 1L << 20;

    /** The column families; META is RocksDB's default one. */
    enum Family {
        META("default"),
        SESSIONS("sessions"),
        QUEUES("queues"),
        INFLIGHT("inflight"),
        INBOUND_QOS2("inbound-qos2"),
        RETAINED("retained");

        final String cfName;

        Family(String cfName) {
            this.cfName = cfName;
        }

        static List<String> names() {
            List<String> names = new ArrayList<>();
            for (Family f : values()) {
                names.add(f.cfName);
            }
            return names;
        }
    }

    private final Path dir;
    private final Clock clock;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private OpenDb open; // guarded by lock; null when a reopen failed
    private final WriteOptions writeOptions = new WriteOptions();
    private volatile StoreException failure;
    /** Set while the store thread probes a failed store: the probe's writes go through. */
    private volatile boolean probing;
    private volatile Instant since;
    private final LongAdder logWrites = new LongAdder();

    private StoreDb(Path dir, OpenDb open, Clock clock) {
        this.dir = dir;
        this.open = open;
        this.clock = clock;
        this.since = clock.instant();
    }

    /**
     * Opens the database in {@code dir}, creating it when the directory holds none, and checks its
     * format version.
     *
     * @throws StoreException when it cannot be opened, is corrupt, or has another format
     */
    static StoreDb open(Path dir, Clock clock) {
        OpenDb opened = OpenDb.open(dir);
        StoreDb store = new StoreDb(dir, opened, clock);
        try {
            StoreFormat.check(store, opened.existed(), opened.families());
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        return store;
    }

    Path dir() {
        return dir;
    }

    byte[] get(Family f, byte[] key) {
        lock.readLock().lock();
        try {
            OpenDb o = opened();
            return o.db().get(o.handle(f), key);
        } catch (RocksDBException e) {
            throw new StoreException("cannot read the store in " + dir + ": " + describe(e), e);
        } finally {
            lock.readLock().unlock();
        }
    }

    void put(Family f, byte[] key, byte[] value) {
        batch().put(f, key, value).commit();
    }

    void delete(Family f, byte[] key) {
        batch().delete(f, key).commit();
    }

    /** A set of writes that reach the log together or not at all. */
    StoreBatch batch() {
        return new StoreBatch(this);
    }

    /** Applies {@code writes} atomically: one write alone directly, several as one RocksDB write batch. */
    void apply(List<StoreBatch.Write> writes) {
        if (writes.isEmpty()) {
            return;
        }
        refuseWhileFailed();
        lock.readLock().lock();
        try {
            OpenDb o = opened();
            if (writes.size() == 1) {
                StoreBatch.Write w = writes.get(0);
                ColumnFamilyHandle cf = o.handle(w.family());
                switch (w.kind()) {
                    case PUT -> o.db().put(cf, writeOptions, w.key(), w.value());
                    case DELETE -> o.db().delete(cf, writeOptions, w.key());
                    case DELETE_RANGE -> o.db().deleteRange(cf, writeOptions, w.key(), w.value());
                }
            } else {
                try (WriteBatch batch = new WriteBatch()) {
                    for (StoreBatch.Write w : writes) {
                        ColumnFamilyHandle cf = o.handle(w.family());
                        switch (w.kind()) {
                            case PUT -> batch.put(cf, w.key(), w.value());
                            case DELETE -> batch.delete(cf, w.key());
                            case DELETE_RANGE -> batch.deleteRange(cf, w.key(), w.value());
                        }
                    }
                    o.db().write(writeOptions, batch);
                }
            }
            logWrites.increment();
        } catch (RocksDBException e) {
            throw writeFailed(describe(e), e);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** How many writes (single or batches) went to the write-ahead log since the store opened: one each. */
    long logWrites() {
        return logWrites.sum();
    }

    /** Visits every record of {@code f} in key order. */
    void forEach(Family f, BiConsumer<byte[], byte[]> visitor) {
        scan(f, null, visitor);
    }

    /** Visits the records of {@code f} whose key starts with {@code prefix}, in key order. */
    void forEach(Family f, byte[] prefix, BiConsumer<byte[], byte[]> visitor) {
        scan(f, prefix, visitor);
    }

    /** Makes every write made so far durable (fsync of the write-ahead log). */
    void syncWal() {
        refuseWhileFailed();
        lock.readLock().lock();
        try {
            opened().db().syncWal();
        } catch (RocksDBException e) {
            throw writeFailed(describe(e), e);
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * A failed store refuses every write until a probe succeeds, though RocksDB may take some (into log
     * space it reserved earlier): a clear state, rather than writes that work one moment and not the next.
     */
    private void refuseWhileFailed() {
        StoreException f = failure;
        if (f != null && !probing) {
            throw new StoreException(f.getMessage(), f);
        }
    }

    /** Why the store cannot write now, or null: while set, nothing written may be called durable. */
    StoreException failure() {
        return failure;
    }

    /** Whether the store can write now, why not, and since when. */
    StoreHealth health() {
        StoreException f = failure;
        return new StoreHealth(f == null, f == null ? null : f.getMessage(), since);
    }

    /**
     * After a failure, once the disk has {@link #RECOVERY_FREE_BYTES} free: probes the database with
     * {@code probe} (a synced write); when that fails, reopens the database and probes again. The
     * failed state ends when a probe succeeds. Store thread.
     *
     * @return whether the store is writable again
     */
    boolean tryRecover(Runnable probe) {
        if (failure == null) {
            return true;
        }
        if (freeBytes() < RECOVERY_FREE_BYTES) {
            return false;
        }
        probing = true;
        try {
            if (!works(probe) && (!reopen() || !works(probe))) {
                return false;
            }
        } finally {
            probing = false;
        }
        Instant now = clock.instant();
        log.info("the store in {} can write again, after {} s; durable messages are acknowledged again", dir,
                Duration.between(since, now).toSeconds());
        since = now;
        failure = null;
        return true;
    }

    private static boolean works(Runnable probe) {
        try {
            probe.run();
            return true;
        } catch (StoreException e) {
            return false;
        }
    }

    /** Closes and opens the database again: RocksDB refuses writes after an I/O error until then. */
    private boolean reopen() {
        lock.writeLock().lock();
        try {
            if (open != null) {
                open.close();
                open = null;
            }
            open = OpenDb.open(dir);
            return true;
        } catch (StoreException e) {
            log.debug("store {} not reopened yet: {}", dir, e.getMessage());
            return false;
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            if (open != null) {
                open.close();
                open = null;
            }
            writeOptions.close();
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** The open database; read lock held. */
    private OpenDb opened() {
        OpenDb o = open;
        if (o == null) {
            throw writeFailed("the database is closed until it can be reopened", null);
        }
        return o;
    }

    private long freeBytes() {
        try {
            return Files.getFileStore(dir).getUsableSpace();
        } catch (IOException e) {
            return 0;
        }
    }

    private void scan(Family f, byte[] prefix, BiConsumer<byte[], byte[]> visitor) {
        lock.readLock().lock();
        try (RocksIterator it = opened().db().newIterator(opened().handle(f))) {
            if (prefix == null) {
                it.seekToFirst();
            } else {
                it.seek(prefix);
            }
            for (; it.isValid(); it.next()) {
                byte[] key = it.key();
                if (prefix != null && !Keys.hasPrefix(key, prefix)) {
                    break;
                }
                visitor.accept(key, it.value());
            }
            it.status();
        } catch (RocksDBException e) {
            throw new StoreException("cannot read the store in " + dir + ": " + describe(e), e);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The failure of a write; the first of an episode puts the store in the failed state, with one log line. */
    private StoreException writeFailed(String why, RocksDBException e) {
        StoreException f = new StoreException("cannot write to the store in " + dir + ": " + why, e);
        synchronized (this) {
            if (failure == null) {
                failure = f;
                since = clock.instant();
                log.error("{}; durable messages are refused (MQTT 5: reason 0x97) until it can write again",
                        f.getMessage());
            }
        }
        return f;
    }

    /** The refusal to open a corrupt store, saying what is wrong and what the operator can do. */
    static StoreException corrupt(Path dir, String why, Exception cause) {
        return new StoreException("the store in " + dir + " is corrupt (" + why + "); refusing to start: restore it"
                + " from a backup or move it away to start with an empty store", cause);
    }

    static String describe(RocksDBException e) {
        String m = e.getMessage();
        return m == null ? e.toString() : m.replace('\n', ' ');
    }
}
