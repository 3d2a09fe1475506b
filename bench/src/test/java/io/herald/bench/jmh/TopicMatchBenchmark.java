package io.herald.bench.jmh;

import io.herald.broker.topic.Subscriber;
import io.herald.broker.topic.Subscription;
import io.herald.broker.topic.TopicIndex;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Matching one PUBLISH topic against the broker's route table ({@link TopicIndex#match}, as the router
 * calls it per message: walking the trie level by level over the topic string, visiting the matching
 * subscribers and share groups) with 10 k or 1 M subscriptions, one per device, all of one kind:
 * <ul>
 *   <li>{@code exact}: {@code device/{id}/telemetry}</li>
 *   <li>{@code plus}: {@code device/{id}/+}</li>
 *   <li>{@code hash}: {@code device/{id}/#}</li>
 * </ul>
 * Each operation matches a topic {@code device/{id}/telemetry} of a random subscribed device (from a
 * precomputed table of 16 k topics, so the trie is walked in a cache-unfriendly order as with real
 * traffic); every match finds exactly one subscription, checked at setup. Figure: ns per match.
 *
 * <p>Threads: JMH's; the index is built once per trial and only read by the benchmark threads.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms3g", "-Xmx3g"})
@State(Scope.Benchmark)
public class TopicMatchBenchmark {

    private static final int TOPICS = 1 << 14;

    /** A session as the index sees it: only its client id. */
    record Device(String clientId) implements Subscriber {}

    @Param({"10000", "1000000"})
    public int subscriptions;

    @Param({"exact", "plus", "hash"})
    public String filters;

    private TopicIndex<Device> index;
    private String[] topics;

    @Setup(Level.Trial)
    public void buildIndex() {
        index = new TopicIndex<>();
        for (int id = 0; id < subscriptions; id++) {
            index.subscribe(new Device("device-" + id), Subscription.of(filter(filters, id), 1));
        }
        Random random = new Random(42);
        topics = new String[TOPICS];
        for (int i = 0; i < TOPICS; i++) {
            topics[i] = "device/" + random.nextInt(subscriptions) + "/telemetry";
        }
        Matches check = new Matches();
        for (String topic : topics) {
            check.count = 0;
            index.match(topic, check.subscribers, check.groups);
            if (check.count != 1) {
                throw new IllegalStateException(topic + " matched " + check.count + " subscriptions, expected 1");
            }
        }
    }

    static String filter(String kind, int id) {
        return switch (kind) {
            case "exact" -> "device/" + id + "/telemetry";
            case "plus" -> "device/" + id + "/+";
            case "hash" -> "device/" + id + "/#";
            default -> throw new IllegalArgumentException("filters must be exact, plus or hash: " + kind);
        };
    }

    /**
     * Per benchmark thread: where it is in the topic table and what the matches are counted into.
     * Owned by one benchmark thread.
     */
    @State(Scope.Thread)
    public static class Matches {
        int next;
        int count;
        final BiConsumer<Device, Subscription> subscribers = (device, subscription) -> count++;
        final Consumer<TopicIndex.SharedGroup<Device>> groups = group -> count++;
    }

    @Benchmark
    public int match(Matches m) {
        m.count = 0;
        index.match(topics[m.next++ & (TOPICS - 1)], m.subscribers, m.groups);
        return m.count;
    }
}
