package io.herald.broker.store;

import io.herald.broker.topic.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The names of the retained topics, in a trie of their levels, so that a filter visits only the branches
 * it can match instead of every retained topic. Names only: the messages stay in their store, which
 * makes its writes through {@link #put(String, Runnable)} and {@link #remove(String, Runnable)} so that
 * the store and the index change together. Removing a topic prunes the nodes it leaves empty: the trie
 * holds the live retained set and the paths to it, nothing more. Matching is {@link #cursor}: a
 * resumable walk that finds the matches a bounded piece at a time.
 *
 * <p>Threads: thread-safe. Writes come from every event loop and from the platform's threads; reads
 * ({@link #cursor}, {@link #size}) from every loop, without locks: a node's children are an array
 * replaced on write or a {@link java.util.concurrent.ConcurrentHashMap} ({@link TrieNode}). A write
 * locks one node at a time to create a child or to set or clear a node's topic; pruning locks the
 * parent and then the child (always in that order, so there is no deadlock) and marks the child dead
 * as it unlinks it. Every change of a node's children holds that node's lock. A write that meets a dead node starts again from the root, so a
 * write is never lost into an unlinked branch. Writes to one topic are serialized by its node's lock,
 * which also runs the store's write: the store and the index see the same order.
 */
public final class RetainedIndex {

    private final TrieNode root = new TrieNode("");
    private final AtomicInteger size = new AtomicInteger();

    /**
     * Adds {@code topic} (a valid topic name), running {@code write} first while no other write to the
     * same topic runs. When {@code write} throws, the topic is not added and the exception propagates.
     *
     * @return whether the topic was new
     */
    public boolean put(String topic, Runnable write) {
        String[] levels = levels(topic);
        while (true) {
            TrieNode[] path = pathFor(levels);
            if (path == null) {
                continue; // met a node being pruned: start again from the root
            }
            TrieNode leaf = path[levels.length];
            boolean added = false;
            boolean written = false;
            try {
                synchronized (leaf) {
                    if (leaf.dead) {
                        continue;
                    }
                    write.run();
                    written = true;
                    added = leaf.topic == null;
                    leaf.topic = topic;
                }
            } finally {
                if (!written) {
                    prune(path); // a failed write must not leave an empty branch behind
                }
            }
            if (added) {
                size.incrementAndGet();
            }
            return added;
        }
    }

    /**
     * Removes {@code topic} if it is retained, running {@code delete} first while no other write to the
     * same topic runs; a topic that is not retained does not run it. Prunes the nodes left empty.
     *
     * @return whether the topic was retained
     */
    public boolean remove(String topic, Runnable delete) {
        String[] levels = levels(topic);
        while (true) {
            TrieNode[] path = new TrieNode[levels.length + 1];
            path[0] = root;
            for (int i = 0; i < levels.length; i++) {
                path[i + 1] = path[i].child(levels[i]);
                if (path[i + 1] == null) {
                    return false;
                }
            }
            TrieNode leaf = path[levels.length];
            synchronized (leaf) {
                if (leaf.dead) {
                    continue; // pruned meanwhile: look again, the topic may be back on a new branch
                }
                if (leaf.topic == null) {
                    return false;
                }
                delete.run();
                leaf.topic = null;
            }
            size.decrementAndGet();
            prune(path);
            return true;
        }
    }

    /** How many topics are retained. */
    public int size() {
        return size.get();
    }

    /**
     * A walk over the topics that match {@code filter} (a valid topic filter, without {@code $share/}):
     * {@code +} matches one level, {@code #} its parent and every level below [MQTT-4.7.1-2], empty
     * levels are levels, and a filter starting with a wildcard does not match topics starting with
     * {@code $} [MQTT-4.7.2-1]. Creating it costs nothing; the walk happens in {@link RetainedCursor#advance}.
     *
     * @throws IllegalArgumentException when {@code filter} is not a valid topic filter
     */
    public RetainedCursor cursor(String filter) {
        if (!Topics.isValidFilter(filter)) {
            throw new IllegalArgumentException("invalid topic filter: '" + filter + "'");
        }
        return new TrieCursor(root, levels(filter));
    }

    /** Every topic that matches {@code filter}, found in one go: for callers off the event loops. */
    public List<String> match(String filter) {
        List<String> out = new ArrayList<>();
        cursor(filter).advance(out::add, Integer.MAX_VALUE, Integer.MAX_VALUE); // unbounded: walks everything
        return out;
    }

    /** The nodes of the trie, the root included: 1 when nothing is retained. For tests. */
    int nodeCount() {
        return root.count();
    }

    /**
     * The live path from the root to {@code levels}, creating the missing nodes; null when it met a
     * node being pruned.
     */
    private TrieNode[] pathFor(String[] levels) {
        TrieNode[] path = new TrieNode[levels.length + 1];
        path[0] = root;
        for (int i = 0; i < levels.length; i++) {
            path[i + 1] = path[i].childOrNew(levels[i]);
            if (path[i + 1] == null) {
                return null;
            }
        }
        return path;
    }

    /** Unlinks the nodes of {@code path} that hold no topic and no children, from the leaf up. */
    private static void prune(TrieNode[] path) {
        for (int i = path.length - 1; i > 0; i--) {
            TrieNode parent = path[i - 1];
            TrieNode node = path[i];
            synchronized (parent) {
                synchronized (node) {
                    if (node.dead || node.topic != null || !node.childless()) {
                        return;
                    }
                    node.dead = true;
                    parent.removeChild(node);
                }
            }
        }
    }

    /** A topic name or filter split at every '/', empty levels kept: "a//b/" has four levels. */
    static String[] levels(String name) {
        return name.split("/", -1);
    }
}
