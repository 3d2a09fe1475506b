package io.herald.broker.store.rocks;

/** What tests of other packages may see of a {@link RocksStore}'s insides. */
public final class RocksStoreProbe {

    private RocksStoreProbe() {}

    /** Writes to the RocksDB log since the store opened: one per write batch. */
    public static long logWrites(RocksStore store) {
        return store.db().logWrites();
    }

    /** The sizes of the in-flight records on disk, in key order. */
    public static java.util.List<Integer> inflightRecordSizes(RocksStore store) {
        java.util.List<Integer> sizes = new java.util.ArrayList<>();
        store.db().forEach(StoreDb.Family.INFLIGHT, (k, v) -> sizes.add(v.length));
        return sizes;
    }
}
