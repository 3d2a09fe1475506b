package io.herald.bench.jmh;

import io.herald.broker.store.RetainedCursor;
import io.herald.broker.store.RetainedIndex;
import io.herald.broker.topic.Topics;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
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
 * Finding the retained topics a SUBSCRIBE must replay, over 50 k or 1 M retained topics, one per device:
 * {@code device/{id}/telemetry}, and {@code device/{id}/alarm} for every hundredth device. Filters:
 * <ul>
 *   <li>{@code hash}: {@code #}, which matches every topic;</li>
 *   <li>{@code plus}: {@code device/+/alarm}, which matches 1 % of them but must look at every device.</li>
 * </ul>
 * Implementations:
 * <ul>
 *   <li>{@code trie}: {@link RetainedIndex#cursor}, walked to the end in the pieces a {@code RetainedReplay}
 *   asks for per turn of its loop (at most 64 names and 4,096 index nodes per call);</li>
 *   <li>{@code scan}: what the stores did before issue 15, in one go: every retained topic of a
 *   {@link ConcurrentHashMap} through {@link Topics#matches}.</li>
 * </ul>
 * Figure: ms per whole match. Setup prints how many calls a {@code trie} walk takes, so that the time of
 * one turn is the figure divided by them.
 *
 * <p>Threads: JMH's; the index is built once per trial and only read by the benchmark threads.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms3g", "-Xmx3g"})
@State(Scope.Benchmark)
public class RetainedMatchBenchmark {

    /** Per call of the cursor, as RetainedReplay asks (its BATCH and STEPS). */
    private static final int NAMES_PER_TURN = 64;
    private static final int STEPS_PER_TURN = 4_096;

    @Param({"50000", "1000000"})
    public int retained;

    @Param({"hash", "plus"})
    public String filter;

    @Param({"trie", "scan"})
    public String impl;

    private final RetainedIndex index = new RetainedIndex();
    private final ConcurrentHashMap<String, Boolean> topics = new ConcurrentHashMap<>();
    private String filterText;
    private int expected;

    @Setup(Level.Trial)
    public void retain() {
        for (int id = 0; id < retained; id++) {
            String topic = "device/" + id + (id % 100 == 0 ? "/alarm" : "/telemetry");
            if (impl.equals("trie")) {
                index.put(topic, () -> {});
            } else {
                topics.put(topic, Boolean.TRUE);
            }
        }
        filterText = switch (filter) {
            case "hash" -> "#";
            case "plus" -> "device/+/alarm";
            default -> throw new IllegalArgumentException("filter must be hash or plus: " + filter);
        };
        expected = filter.equals("hash") ? retained : (retained + 99) / 100;
        int found = match();
        if (found != expected) {
            throw new IllegalStateException(filterText + " matched " + found + ", expected " + expected);
        }
        if (impl.equals("trie")) {
            int[] count = new int[1];
            int calls = 0;
            RetainedCursor cursor = index.cursor(filterText);
            boolean more = true;
            while (more) {
                more = cursor.advance(t -> count[0]++, NAMES_PER_TURN, STEPS_PER_TURN);
                calls++;
            }
            System.out.printf("%n%s over %d retained: %d cursor calls%n", filterText, retained, calls);
        }
    }

    @Benchmark
    public int match() {
        int[] count = new int[1];
        if (impl.equals("trie")) {
            RetainedCursor cursor = index.cursor(filterText);
            while (cursor.advance(t -> count[0]++, NAMES_PER_TURN, STEPS_PER_TURN)) {
                // the next turn's piece
            }
        } else {
            for (String topic : topics.keySet()) {
                if (Topics.matches(filterText, topic)) {
                    count[0]++;
                }
            }
        }
        return count[0];
    }
}
