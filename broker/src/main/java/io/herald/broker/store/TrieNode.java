package io.herald.broker.store;

import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One level of a {@link RetainedIndex}. Most nodes have one child or none (a device's id, then its
 * topic's last level), so up to {@link #SMALL} children live in an array that is replaced, never
 * changed (copy on write); more go into a {@link ConcurrentHashMap}. Measured at 1 M topics
 * {@code device/{id}/telemetry}: a map per node cost 356 bytes of heap per topic.
 *
 * <p>Threads: {@link #children} and {@link #topic} change only under this node's lock and are read
 * without it; {@link #dead} is read and written under this node's lock.
 */
final class TrieNode {

    private static final int SMALL = 8;

    /** The level this node stands for. */
    final String level;
    /** The retained topic whose last level this node is, or null. */
    volatile String topic;
    /** Null, a {@code TrieNode[]} of 1 to {@link #SMALL} (never changed once published), or a map by level. */
    private volatile Object children;
    /** Unlinked from its parent: no write may use it any more. */
    boolean dead;

    TrieNode(String level) {
        this.level = level;
    }

    TrieNode child(String level) {
        Object c = children;
        if (c instanceof TrieNode[] small) {
            for (TrieNode n : small) {
                if (n.level.equals(level)) {
                    return n;
                }
            }
            return null;
        }
        return c == null ? null : map(c).get(level);
    }

    /** The live child for {@code level}, created if missing; null when this node itself is dead. */
    TrieNode childOrNew(String level) {
        TrieNode found = child(level);
        if (found != null) {
            return found; // if it dies meanwhile, the write sees it under its lock and starts again
        }
        synchronized (this) {
            if (dead) {
                return null;
            }
            found = child(level);
            if (found != null) {
                return found;
            }
            TrieNode added = new TrieNode(level);
            Object c = children;
            if (c == null) {
                children = new TrieNode[] {added};
            } else if (c instanceof TrieNode[] small && small.length < SMALL) {
                TrieNode[] grown = Arrays.copyOf(small, small.length + 1);
                grown[small.length] = added;
                children = grown;
            } else if (c instanceof TrieNode[] small) {
                ConcurrentHashMap<String, TrieNode> map = new ConcurrentHashMap<>(2 * SMALL + 2);
                for (TrieNode n : small) {
                    map.put(n.level, n);
                }
                map.put(level, added);
                children = map;
            } else {
                map(c).put(level, added);
            }
            return added;
        }
    }

    /** Unlinks {@code child}. Under this node's lock. */
    void removeChild(TrieNode child) {
        Object c = children;
        if (c instanceof TrieNode[] small) {
            TrieNode[] shrunk = new TrieNode[small.length - 1];
            int i = 0;
            for (TrieNode n : small) {
                if (n != child) {
                    shrunk[i++] = n;
                }
            }
            children = shrunk.length == 0 ? null : shrunk;
        } else if (c != null) {
            ConcurrentHashMap<String, TrieNode> map = map(c);
            map.remove(child.level, child);
            if (map.isEmpty()) {
                children = null;
            }
        }
    }

    boolean childless() {
        return children == null;
    }

    /**
     * The children as they are now: an array is a snapshot, a map's iterator is weakly consistent
     * (changes meanwhile may or may not show, each child at most once).
     */
    Iterator<TrieNode> children() {
        Object c = children;
        if (c instanceof TrieNode[] small) {
            return Arrays.asList(small).iterator();
        }
        return c == null ? Collections.emptyIterator() : map(c).values().iterator();
    }

    /** The nodes of this subtree, this one included. */
    int count() {
        int n = 1;
        for (Iterator<TrieNode> it = children(); it.hasNext();) {
            n += it.next().count();
        }
        return n;
    }

    @SuppressWarnings("unchecked")
    private static ConcurrentHashMap<String, TrieNode> map(Object children) {
        return (ConcurrentHashMap<String, TrieNode>) children;
    }
}
