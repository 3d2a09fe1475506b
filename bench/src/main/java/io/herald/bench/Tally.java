package io.herald.bench;

import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;

/**
 * What one subscriber received: per publisher, the set of sequence numbers seen, and how many messages
 * came in all. Merging the tallies of a group (a {@code $share} group, or one subscriber alone) and
 * comparing with what was sent gives the lost and duplicated messages.
 *
 * <p>Threads: written by the subscriber's event loop; read by the run's thread only after the clients
 * are closed (the loop's shutdown publishes the writes).
 */
final class Tally {

    private final Map<Integer, BitSet> seen = new HashMap<>();
    private long received;

    void record(int publisher, long seq) {
        received++;
        BitSet bits = seen.computeIfAbsent(publisher, p -> new BitSet());
        if (seq >= 0 && seq < Integer.MAX_VALUE) {
            bits.set((int) seq);
        }
    }

    long received() {
        return received;
    }

    /** Adds {@code other}'s messages to this tally (members of one share group). */
    void merge(Tally other) {
        received += other.received;
        other.seen.forEach((p, bits) -> seen.computeIfAbsent(p, x -> new BitSet()).or(bits));
    }

    /** Distinct messages of {@code publisher} seen. */
    long unique(int publisher) {
        BitSet bits = seen.get(publisher);
        return bits == null ? 0 : bits.cardinality();
    }

    long unique() {
        long n = 0;
        for (BitSet bits : seen.values()) {
            n += bits.cardinality();
        }
        return n;
    }
}
