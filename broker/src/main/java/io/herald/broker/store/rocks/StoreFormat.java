package io.herald.broker.store.rocks;

import io.herald.broker.store.StoreException;
import io.herald.broker.store.rocks.StoreDb.Family;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The on-disk format version of a store, kept in the database itself. A new store is stamped with
 * {@link #VERSION}; an older one that this version reads as it is ({@link #OLDEST_READ} on) is stamped
 * anew; one of another version, or without a stamp, is refused with a message that says why.
 */
final class StoreFormat {

    /**
     * Format 2: the column families of {@link Family}, the records of {@link Records}, in-flight records
     * that refer to queue records among them. Format 1 lacks only those; it is read as it is and
     * stamped 2, because from then on such records may be written.
     */
    static final int VERSION = 2;

    /** The oldest format this version reads. */
    static final int OLDEST_READ = 1;

    private static final byte[] KEY = "format".getBytes(StandardCharsets.UTF_8);

    private StoreFormat() {}

    /**
     * @param existed whether the database was there before this open
     * @param families the column families it was opened with
     */
    static void check(StoreDb db, boolean existed, List<String> families) {
        if (!existed) {
            stamp(db);
            return;
        }
        byte[] stamp = db.get(Family.META, KEY);
        if (stamp == null || stamp.length != 4) {
            throw new StoreException("the directory " + db.dir() + " holds a RocksDB database that is not a Herald"
                    + " store (no format version); refusing to use it");
        }
        int version = ByteBuffer.wrap(stamp).getInt();
        if (version < OLDEST_READ || version > VERSION) {
            throw new StoreException("the store in " + db.dir() + " has format version " + version + " but this Herald"
                    + " reads format " + VERSION + (version > VERSION ? "; run the Herald release that wrote it"
                    : "; there is no migration from it: move it away to start with an empty store"));
        }
        for (String name : Family.names()) {
            if (!families.contains(name)) {
                throw StoreDb.corrupt(db.dir(), "format " + version + " without its column family '" + name + "'", null);
            }
        }
        if (version != VERSION) {
            stamp(db);
        }
    }

    private static void stamp(StoreDb db) {
        db.put(Family.META, KEY, ByteBuffer.allocate(4).putInt(VERSION).array());
        db.syncWal();
    }
}
