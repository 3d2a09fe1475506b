package io.herald.broker.store.rocks;

import io.herald.broker.store.StoreException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Status;
import org.rocksdb.WALRecoveryMode;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RocksDB database under a store: its column families, unsynced writes to the write-ahead log,
 * scans and WAL syncs; every RocksDB error comes out as a one-line {@link StoreException}. A failed
 * write is remembered ({@link #failure()}) so that no later sync claims durability.
 *
 * <p>Threads: thread-safe, as RocksDB is. {@link #close} once, after every other use.
 */
final class StoreDb implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StoreDb.class);

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
    private final RocksDB db;
    private final Map<Family, ColumnFamilyHandle> handles;
    private final List<AutoCloseable> natives;
    private final WriteOptions writeOptions = new WriteOptions();
    private volatile StoreException failure;

    private StoreDb(Path dir, RocksDB db, Map<Family, ColumnFamilyHandle> handles, List<AutoCloseable> natives) {
        this.dir = dir;
        this.db = db;
        this.handles = handles;
        this.natives = natives;
    }

    /**
     * Opens the database in {@code dir}, creating it when the directory holds none, and checks its
     * format version.
     *
     * @throws StoreException when it cannot be opened, is corrupt, or has another format
     */
    static StoreDb open(Path dir) {
        RocksDB.loadLibrary();
        boolean exists = Files.exists(dir.resolve("CURRENT"));
        List<String> names = exists ? listFamilies(dir) : Family.names();
        if (!exists) {
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new StoreException("cannot create the store directory " + dir + ": " + e, e);
            }
        }
        List<AutoCloseable> natives = new ArrayList<>();
        LRUCache cache = new LRUCache(64L << 20);
        natives.add(cache);
        List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
        for (String name : names) {
            ColumnFamilyOptions cf = new ColumnFamilyOptions()
                    .setWriteBufferSize(16L << 20)
                    .setTableFormatConfig(new BlockBasedTableConfig().setBlockCache(cache));
            natives.add(cf);
            descriptors.add(new ColumnFamilyDescriptor(name.getBytes(StandardCharsets.UTF_8), cf));
        }
        DBOptions options = new DBOptions()
                .setCreateIfMissing(!exists)
                .setCreateMissingColumnFamilies(!exists)
                .setParanoidChecks(true)
                // a torn last record is a write never acknowledged; corruption before it refuses to open
                .setWalRecoveryMode(WALRecoveryMode.TolerateCorruptedTailRecords)
                .setMaxTotalWalSize(64L << 20)
                .setKeepLogFileNum(3)
                .setMaxLogFileSize(8L << 20);
        natives.add(options);
        List<ColumnFamilyHandle> opened = new ArrayList<>();
        RocksDB db;
        try {
            db = RocksDB.open(options, dir.toString(), descriptors, opened);
        } catch (RocksDBException e) {
            closeAll(natives);
            throw openFailure(dir, e);
        }
        Map<Family, ColumnFamilyHandle> handles = new EnumMap<>(Family.class);
        List<AutoCloseable> all = new ArrayList<>(opened);
        for (int i = 0; i < names.size(); i++) {
            for (Family f : Family.values()) {
                if (f.cfName.equals(names.get(i))) {
                    handles.put(f, opened.get(i));
                }
            }
        }
        all.add(db);
        all.addAll(natives);
        StoreDb store = new StoreDb(dir, db, handles, all);
        try {
            StoreFormat.check(store, exists, names);
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
        try {
            return db.get(handles.get(f), key);
        } catch (RocksDBException e) {
            throw new StoreException("cannot read the store in " + dir + ": " + describe(e), e);
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
        try {
            if (writes.size() == 1) {
                StoreBatch.Write w = writes.get(0);
                ColumnFamilyHandle cf = handles.get(w.family());
                switch (w.kind()) {
                    case PUT -> db.put(cf, writeOptions, w.key(), w.value());
                    case DELETE -> db.delete(cf, writeOptions, w.key());
                    case DELETE_RANGE -> db.deleteRange(cf, writeOptions, w.key(), w.value());
                }
            } else if (!writes.isEmpty()) {
                try (WriteBatch batch = new WriteBatch()) {
                    for (StoreBatch.Write w : writes) {
                        ColumnFamilyHandle cf = handles.get(w.family());
                        switch (w.kind()) {
                            case PUT -> batch.put(cf, w.key(), w.value());
                            case DELETE -> batch.delete(cf, w.key());
                            case DELETE_RANGE -> batch.deleteRange(cf, w.key(), w.value());
                        }
                    }
                    db.write(writeOptions, batch);
                }
            }
        } catch (RocksDBException e) {
            throw writeFailed(e);
        }
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
        try {
            db.syncWal();
        } catch (RocksDBException e) {
            throw writeFailed(e);
        }
    }

    /** The first write or sync that failed, or null: once set, nothing written may be called durable. */
    StoreException failure() {
        return failure;
    }

    @Override
    public void close() {
        closeAll(natives);
        writeOptions.close();
    }

    private void scan(Family f, byte[] prefix, BiConsumer<byte[], byte[]> visitor) {
        try (RocksIterator it = db.newIterator(handles.get(f))) {
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
        }
    }

    private StoreException writeFailed(RocksDBException e) {
        StoreException f = new StoreException("cannot write to the store in " + dir + ": " + describe(e), e);
        if (failure == null) {
            failure = f;
            log.error("{}; acknowledgements that need durability stop until restart", f.getMessage());
        }
        return f;
    }

    private static List<String> listFamilies(Path dir) {
        try (Options options = new Options()) {
            List<String> names = new ArrayList<>();
            for (byte[] name : RocksDB.listColumnFamilies(options, dir.toString())) {
                names.add(new String(name, StandardCharsets.UTF_8));
            }
            if (!names.contains(Family.META.cfName)) {
                throw corrupt(dir, "its column families cannot be read", null);
            }
            return names;
        } catch (RocksDBException e) {
            throw openFailure(dir, e);
        }
    }

    private static StoreException openFailure(Path dir, RocksDBException e) {
        Status status = e.getStatus();
        String why = describe(e);
        if (status != null && status.getCode() == Status.Code.Corruption) {
            return corrupt(dir, why, e);
        }
        if (why.contains("lock")) {
            return new StoreException("the store in " + dir + " is in use by another process (" + why + ")", e);
        }
        return new StoreException("cannot open the store in " + dir + ": " + why, e);
    }

    /** The refusal to open a corrupt store, saying what is wrong and what the operator can do. */
    static StoreException corrupt(Path dir, String why, Exception cause) {
        return new StoreException("the store in " + dir + " is corrupt (" + why + "); refusing to start: restore it"
                + " from a backup or move it away to start with an empty store", cause);
    }

    private static String describe(RocksDBException e) {
        String m = e.getMessage();
        return m == null ? e.toString() : m.replace('\n', ' ');
    }

    private static void closeAll(List<AutoCloseable> resources) {
        for (AutoCloseable r : resources) {
            try {
                r.close();
            } catch (Exception e) {
                log.warn("closing {}: {}", r.getClass().getSimpleName(), e.toString());
            }
        }
    }
}
