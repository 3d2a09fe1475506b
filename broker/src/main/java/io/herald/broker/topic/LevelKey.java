package io.herald.broker.topic;

/**
 * One level of a topic name, as a key to look up in a map keyed by level {@code String}s, without
 * cutting the level out of the topic: it is the region {@code [start, end)} of the topic, with the
 * hash {@link String#hashCode()} would give that region. It equals a {@code String} key with the same
 * characters, which is the direction {@link java.util.Map#get} compares in ({@code key.equals(k)}); it
 * never equals another {@code LevelKey} and is never stored in a map.
 *
 * <p>Threads: mutable; owned by the thread that matches one topic, moved level by level ({@link #at}).
 */
final class LevelKey {

    private final String topic;
    private int start;
    private int end;
    private int hash;

    LevelKey(String topic) {
        this.topic = topic;
    }

    /** This key moved to the level {@code [start, end)} of the topic. */
    LevelKey at(int start, int end) {
        this.start = start;
        this.end = end;
        int h = 0;
        for (int i = start; i < end; i++) {
            h = 31 * h + topic.charAt(i); // String.hashCode's specified formula
        }
        this.hash = h;
        return this;
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof String s && s.length() == end - start && topic.regionMatches(start, s, 0, end - start);
    }

    @Override
    public String toString() {
        return topic.substring(start, end);
    }
}
