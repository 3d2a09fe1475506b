package io.herald.broker.store;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.function.Consumer;

/**
 * The {@link RetainedCursor} of a {@link RetainedIndex}: a depth-first walk of the trie with an explicit
 * stack, so that it can stop after any node and go on later. Each frame is a node reached by the filter's
 * first {@code depth} levels; a node under a {@code #} matches whatever its depth. The children of a node
 * are iterated as {@link TrieNode#children()} says: never failing on concurrent writes, each child at
 * most once.
 *
 * <p>Threads: one caller at a time (see {@link RetainedCursor}); the stack is the caller's.
 */
final class TrieCursor implements RetainedCursor {

    private final String[] filter;
    private final ArrayDeque<Frame> stack = new ArrayDeque<>();

    TrieCursor(TrieNode root, String[] filter) {
        this.filter = filter;
        stack.push(new Frame(root, 0, false));
    }

    @Override
    public boolean advance(Consumer<String> out, int maxNames, int maxSteps) {
        int names = 0;
        int steps = 0;
        while (!stack.isEmpty()) {
            if (names >= maxNames || steps >= maxSteps) {
                return true;
            }
            steps++;
            Frame f = stack.peek();
            if (f.children == null) {
                String found = expand(f);
                if (found != null) {
                    out.accept(found);
                    names++;
                }
            } else if (f.children.hasNext()) {
                TrieNode child = f.children.next();
                // [MQTT-4.7.2-1] a filter starting with a wildcard does not match topics starting with '$'
                if (f.depth == 0 && child.level.startsWith("$")) {
                    continue;
                }
                if (f.childrenUnderHash ? child.childless() : f.depth + 1 == filter.length) {
                    // nothing below it to visit (a leaf under '#', or the filter's last level): no frame
                    String topic = child.topic;
                    if (topic != null) {
                        out.accept(topic);
                        names++;
                    }
                } else {
                    stack.push(new Frame(child, f.depth + 1, f.childrenUnderHash));
                }
            } else {
                stack.pop();
            }
        }
        return false;
    }

    /**
     * First visit of a frame's node: decides which of its children the walk visits, and returns the
     * node's topic when it matches the filter.
     */
    private String expand(Frame f) {
        TrieNode node = f.node;
        if (f.underHash) {
            f.iterate(true);
            return node.topic;
        }
        if (f.depth == filter.length) {
            stack.pop();
            return node.topic;
        }
        String level = filter[f.depth];
        switch (level) {
            case "#" -> {
                // [MQTT-4.7.1-2] '#' matches its parent level too: "a/#" matches "a" (the root holds no topic)
                f.iterate(true);
                return node.topic;
            }
            case "+" -> {
                f.iterate(false); // one level, whatever it is, empty included
                return null;
            }
            default -> {
                stack.pop();
                TrieNode child = node.child(level);
                if (child != null) {
                    stack.push(new Frame(child, f.depth + 1, false));
                }
                return null;
            }
        }
    }

    /** A node on the walk's path and how far its children have been visited. */
    private static final class Frame {
        final TrieNode node;
        /** How many filter levels led here (the node's depth in the trie). */
        final int depth;
        /** Below a '#': the node matches, and so do all its descendants. */
        final boolean underHash;
        /** Null until the node is expanded. */
        Iterator<TrieNode> children;
        boolean childrenUnderHash;

        Frame(TrieNode node, int depth, boolean underHash) {
            this.node = node;
            this.depth = depth;
            this.underHash = underHash;
        }

        void iterate(boolean underHash) {
            children = node.children();
            childrenUnderHash = underHash;
        }
    }
}
