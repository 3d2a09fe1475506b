package io.herald.broker.store.rocks;

import io.herald.broker.store.StoreException;
import io.herald.broker.store.rocks.StoreDb.Family;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The on-disk format version of a store, kept in the database itself. A new store is stamped with
 * {@link #VERSION}; an existing one of another version, or without a stamp, is refused with a message
 * that says why: there is no older format to migrate from yet.
 */
final class StoreFormat {

    /** Format 1: the column families of {@link Family}, the records of {@link Records}. */
    static final int VERSION = 1;

    private static final byte[] KEY = "format".getBytes(StandardCharsets.UTF_8);

    private StoreFormat() {}

    /**
     * @param existed whether the database was there before this open
     * @param families the column families it was opened with
     */
    static void check(StoreDb db, boolean existed, List<String> families) {
        if (!existed) {
            db.put(Family.META, KEY, ByteBuffer.allocate(4).putInt(VERSION).array());
            db.syncWal();
            return;
        }
        byte[] stamp = db.get(Family.META, KEY);
        if (stamp == null || stamp.length != 4) {
            throw new StoreException("the directory " + db.dir() + " holds a RocksDB database that is not a Herald"
                    + " store (no format version); refusing to use it");
        }
        int version = ByteBuffer.wrap(stamp).getInt();
        if (version != VERSION) {
            throw new StoreException("the store in " + db.dir() + " has format version " + version + " but this Herald"
                    + " reads format " + VERSION + (version > VERSION ? "; run the Herald release that wrote it"
                    : "; there is no migration from it: move it away to start with an empty store"));
        }
        for (String name : Family.names()) {
            if (!families.contains(name)) {
                throw StoreDb.corrupt(db.dir(), "format " + VERSION + " without its column family '" + name + "'", null);
            }
        }
    }
}
