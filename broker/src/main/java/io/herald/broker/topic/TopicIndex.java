package io.herald.broker.topic;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * The route table: a trie of topic filters, one level per node, holding the subscribers of each filter.
 *
 * <p>Threads: {@link #match} runs on any thread without locks (concurrent maps, read only); changes
 * ({@link #subscribe}, {@link #unsubscribe}) are serialised on this object's monitor, so pruning never
 * races another change. A cluster-aware route table replaces this class behind the same methods.
 *
 * @param <S> the subscriber type
 */
public final class TopicIndex<S extends Subscriber> {

    private final Node<S> root = new Node<>(null, null);

    /** Adds or replaces {@code subscriber}'s subscription to {@code subscription.filter()}; true if it existed. */
    public synchronized boolean subscribe(S subscriber, Subscription subscription) {
        Node<S> node = root;
        for (String level : levels(subscription.filter())) {
            Node<S> parent = node;
            node = parent.children.computeIfAbsent(level, l -> new Node<>(parent, l));
        }
        return node.subscribers.put(subscriber.clientId(), new Entry<>(subscriber, subscription)) != null;
    }

    /** Removes {@code clientId}'s subscription to {@code filter}; true if there was one. */
    public synchronized boolean unsubscribe(String filter, String clientId) {
        Node<S> node = root;
        for (String level : levels(filter)) {
            node = node.children.get(level);
            if (node == null) {
                return false;
            }
        }
        boolean removed = node.subscribers.remove(clientId) != null;
        prune(node);
        return removed;
    }

    /**
     * Calls {@code sink} once per matching subscription of {@code topic}; a subscriber with several
     * overlapping subscriptions is reported once per subscription.
     */
    public void match(String topic, BiConsumer<S, Subscription> sink) {
        String[] levels = levels(topic);
        boolean dollar = topic.startsWith("$");
        matchLevel(root, levels, 0, dollar, sink);
    }

    /** Number of filters that have at least one subscriber (for metrics and tests). */
    public int filterCount() {
        return count(root);
    }

    private void matchLevel(Node<S> node, String[] levels, int index, boolean dollar, BiConsumer<S, Subscription> sink) {
        // [MQTT-4.7.2-1] wildcards at the first level never match '$' topics
        boolean wildcardsAllowed = !(index == 0 && dollar);
        if (wildcardsAllowed) {
            Node<S> hash = node.children.get("#");
            if (hash != null) {
                emit(hash, sink); // matches this level and everything below, including the parent [MQTT-4.7.1-2]
            }
        }
        if (index == levels.length) {
            emit(node, sink);
            return;
        }
        if (wildcardsAllowed) {
            Node<S> plus = node.children.get("+");
            if (plus != null) {
                matchLevel(plus, levels, index + 1, dollar, sink);
            }
        }
        Node<S> exact = node.children.get(levels[index]);
        if (exact != null) {
            matchLevel(exact, levels, index + 1, dollar, sink);
        }
    }

    private static <S extends Subscriber> void emit(Node<S> node, BiConsumer<S, Subscription> sink) {
        for (Entry<S> e : node.subscribers.values()) {
            sink.accept(e.subscriber, e.subscription);
        }
    }

    private void prune(Node<S> node) {
        while (node.parent != null && node.subscribers.isEmpty() && node.children.isEmpty()) {
            node.parent.children.remove(node.level, node);
            node = node.parent;
        }
    }

    private int count(Node<S> node) {
        int n = node.subscribers.isEmpty() ? 0 : 1;
        for (Node<S> child : node.children.values()) {
            n += count(child);
        }
        return n;
    }

    static String[] levels(String topic) {
        List<String> out = new ArrayList<>(8);
        int start = 0;
        while (true) {
            int slash = topic.indexOf('/', start);
            if (slash < 0) {
                out.add(topic.substring(start));
                return out.toArray(new String[0]);
            }
            out.add(topic.substring(start, slash));
            start = slash + 1;
        }
    }

    private record Entry<S>(S subscriber, Subscription subscription) {}

    private static final class Node<S> {
        final Node<S> parent;
        final String level;
        final Map<String, Node<S>> children = new ConcurrentHashMap<>(4);
        final Map<String, Entry<S>> subscribers = new ConcurrentHashMap<>(4);

        Node(Node<S> parent, String level) {
            this.parent = parent;
            this.level = level;
        }
    }
}
