package io.herald.broker.topic;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The route table: a trie of topic filters, one level per node, holding the subscribers of each filter
 * and the shared-subscription groups on it.
 *
 * <p>Threads: {@link #match} runs on any thread without locks (concurrent maps, read only); changes
 * ({@link #subscribe}, {@link #unsubscribe}) are serialised on this object's monitor, so pruning never
 * races another change. A cluster-aware route table replaces this class behind the same methods.
 *
 * @param <S> the subscriber type
 */
public final class TopicIndex<S extends Subscriber> {

    /** A subscriber and one of its subscriptions. */
    public record Entry<S>(S subscriber, Subscription subscription) {}

    /**
     * The members of one share group on one filter; a message goes to one of them [MQTT5-4.8.2].
     * Thread-safe; {@link #next} rotates through the members.
     */
    public static final class SharedGroup<S> {
        private final String name;
        private final Map<String, Entry<S>> members = new ConcurrentHashMap<>(4);
        private final AtomicInteger cursor = new AtomicInteger();

        SharedGroup(String name) {
            this.name = name;
        }

        public String name() {
            return name;
        }

        public Collection<Entry<S>> members() {
            return members.values();
        }

        /** A start position for choosing among the members, advancing on each call. */
        public int next() {
            return cursor.getAndIncrement();
        }
    }

    private final Node<S> root = new Node<>(null, null);
    // written under this object's monitor, read from any thread
    private final AtomicInteger subscriptions = new AtomicInteger();
    private final AtomicInteger sharedSubscriptions = new AtomicInteger();

    /** Adds or replaces {@code subscriber}'s subscription to {@code subscription.filter()}; true if it existed. */
    public synchronized boolean subscribe(S subscriber, Subscription subscription) {
        Node<S> node = root;
        for (String level : levels(subscription.topicFilter())) {
            Node<S> parent = node;
            node = parent.children.computeIfAbsent(level, l -> new Node<>(parent, l));
        }
        Entry<S> entry = new Entry<>(subscriber, subscription);
        String group = subscription.shareGroup();
        if (group == null) {
            return counted(node.subscribers.put(subscriber.clientId(), entry) != null, subscriptions);
        }
        return counted(node.shared.computeIfAbsent(group, SharedGroup::new).members.put(subscriber.clientId(), entry)
                != null, sharedSubscriptions);
    }

    private static boolean counted(boolean replaced, AtomicInteger count) {
        if (!replaced) {
            count.incrementAndGet();
        }
        return replaced;
    }

    /** Removes {@code clientId}'s subscription to {@code filter} (as subscribed); true if there was one. */
    public synchronized boolean unsubscribe(String filter, String clientId) {
        Subscription parsed = Subscription.of(filter, 0);
        Node<S> node = root;
        for (String level : levels(parsed.topicFilter())) {
            node = node.children.get(level);
            if (node == null) {
                return false;
            }
        }
        boolean removed;
        String group = parsed.shareGroup();
        if (group == null) {
            removed = node.subscribers.remove(clientId) != null;
        } else {
            SharedGroup<S> g = node.shared.get(group);
            removed = g != null && g.members.remove(clientId) != null;
            if (g != null && g.members.isEmpty()) {
                node.shared.remove(group, g);
            }
        }
        if (removed) {
            (group == null ? subscriptions : sharedSubscriptions).decrementAndGet();
        }
        prune(node);
        return removed;
    }

    /**
     * Calls {@code sink} once per matching non-shared subscription of {@code topic} (a subscriber with
     * several overlapping subscriptions is reported once per subscription), and {@code groups} once per
     * matching share group. The topic is not split: each level is looked up as a region of it (one
     * {@link LevelKey} per call, no {@code String} per level).
     */
    public void match(String topic, BiConsumer<S, Subscription> sink, Consumer<SharedGroup<S>> groups) {
        boolean dollar = !topic.isEmpty() && topic.charAt(0) == '$';
        matchLevel(root, new LevelKey(topic), topic, 0, dollar, sink, groups);
    }

    /** As {@link #match(String, BiConsumer, Consumer)}, ignoring shared subscriptions. */
    public void match(String topic, BiConsumer<S, Subscription> sink) {
        match(topic, sink, g -> { });
    }

    /** The share group {@code name} on {@code topicFilter}, or null. */
    public SharedGroup<S> group(String topicFilter, String name) {
        Node<S> node = root;
        for (String level : levels(topicFilter)) {
            node = node.children.get(level);
            if (node == null) {
                return null;
            }
        }
        return node.shared.get(name);
    }

    /** Non-shared subscriptions, one per client and filter. Any thread. */
    public int subscriptionCount() {
        return subscriptions.get();
    }

    /** Memberships of share groups ({@code $share/...} subscriptions). Any thread. */
    public int sharedSubscriptionCount() {
        return sharedSubscriptions.get();
    }

    /** Number of filters that have at least one subscriber (for metrics and tests). */
    public int filterCount() {
        return count(root);
    }

    /**
     * Matches the levels of {@code topic} from offset {@code start} (a level begins there; past the end
     * of the topic when every level has been matched) below {@code node}.
     */
    private void matchLevel(Node<S> node, LevelKey key, String topic, int start, boolean dollar,
            BiConsumer<S, Subscription> sink, Consumer<SharedGroup<S>> groups) {
        // [MQTT-4.7.2-1] wildcards at the first level never match '$' topics
        boolean wildcardsAllowed = !(start == 0 && dollar);
        if (wildcardsAllowed) {
            Node<S> hash = node.children.get("#");
            if (hash != null) {
                emit(hash, sink, groups); // matches this level and everything below, including the parent [MQTT-4.7.1-2]
            }
        }
        if (start > topic.length()) {
            emit(node, sink, groups);
            return;
        }
        int slash = topic.indexOf('/', start);
        int end = slash < 0 ? topic.length() : slash;
        if (wildcardsAllowed) {
            Node<S> plus = node.children.get("+");
            if (plus != null) {
                matchLevel(plus, key, topic, end + 1, dollar, sink, groups);
            }
        }
        Node<S> exact = node.children.get(key.at(start, end)); // set after the '+' branch moved the key
        if (exact != null) {
            matchLevel(exact, key, topic, end + 1, dollar, sink, groups);
        }
    }

    private static <S extends Subscriber> void emit(Node<S> node, BiConsumer<S, Subscription> sink,
            Consumer<SharedGroup<S>> groups) {
        for (Entry<S> e : node.subscribers.values()) {
            sink.accept(e.subscriber, e.subscription);
        }
        if (!node.shared.isEmpty()) {
            node.shared.values().forEach(groups);
        }
    }

    private void prune(Node<S> node) {
        while (node.parent != null && node.subscribers.isEmpty() && node.shared.isEmpty() && node.children.isEmpty()) {
            node.parent.children.remove(node.level, node);
            node = node.parent;
        }
    }

    private int count(Node<S> node) {
        int n = node.subscribers.isEmpty() && node.shared.isEmpty() ? 0 : 1;
        for (Node<S> child : node.children.values()) {
            n += count(child);
        }
        return n;
    }

    /** The levels of a topic filter, empty ones included ({@code "a//b/"}: a, "", b, ""). */
    private static String[] levels(String filter) {
        return filter.split("/", -1);
    }

    private static final class Node<S> {
        final Node<S> parent;
        final String level;
        final Map<String, Node<S>> children = new ConcurrentHashMap<>(4);
        final Map<String, Entry<S>> subscribers = new ConcurrentHashMap<>(4);
        final Map<String, SharedGroup<S>> shared = new ConcurrentHashMap<>(2);

        Node(Node<S> parent, String level) {
            this.parent = parent;
            this.level = level;
        }
    }
}
