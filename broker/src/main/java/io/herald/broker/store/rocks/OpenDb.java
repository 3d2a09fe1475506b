package io.herald.broker.store.rocks;

import io.herald.broker.store.StoreException;
import io.herald.broker.store.rocks.StoreDb.Family;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.Status;
import org.rocksdb.WALRecoveryMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One opening of the RocksDB database under a store: the database, a handle per column family, and
 * the native objects to free with it. A store opens it at start and again to recover from a failed
 * write (RocksDB refuses every write after an I/O error until it is reopened).
 *
 * @param existed whether the database was there before this opening
 * @param families the column families it was opened with
 *
 * <p>Threads: immutable; {@link #close} once, when nothing uses it any more.
 */
record OpenDb(RocksDB db, Map<Family, ColumnFamilyHandle> handles, List<AutoCloseable> natives, boolean existed,
        List<String> families) {

    private static final Logger log = LoggerFactory.getLogger(OpenDb.class);

    /**
     * Opens the database in {@code dir}, creating it when the directory holds none.
     *
     * @throws StoreException when it cannot be opened or is corrupt
     */
    static OpenDb open(Path dir) {
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
                .setMaxLogFileSize(8L << 20)
                // after an I/O error every write fails until the store reopens the database itself, once
                // the disk has room (StoreDb.tryRecover): one way back, whose start and end are logged
                .setMaxBgErrorResumeCount(0);
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
        return new OpenDb(db, handles, all, exists, List.copyOf(names));
    }

    ColumnFamilyHandle handle(Family f) {
        return handles.get(f);
    }

    void close() {
        closeAll(natives);
    }

    private static List<String> listFamilies(Path dir) {
        try (Options options = new Options()) {
            List<String> names = new ArrayList<>();
            for (byte[] name : RocksDB.listColumnFamilies(options, dir.toString())) {
                names.add(new String(name, StandardCharsets.UTF_8));
            }
            if (!names.contains(Family.META.cfName)) {
                throw StoreDb.corrupt(dir, "its column families cannot be read", null);
            }
            return names;
        } catch (RocksDBException e) {
            throw openFailure(dir, e);
        }
    }

    private static StoreException openFailure(Path dir, RocksDBException e) {
        Status status = e.getStatus();
        String why = StoreDb.describe(e);
        if (status != null && status.getCode() == Status.Code.Corruption) {
            return StoreDb.corrupt(dir, why, e);
        }
        if (why.contains("lock")) {
            return new StoreException("the store in " + dir + " is in use by another process (" + why + ")", e);
        }
        return new StoreException("cannot open the store in " + dir + ": " + why, e);
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
