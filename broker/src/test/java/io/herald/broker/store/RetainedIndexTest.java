package io.herald.broker.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.broker.topic.Topics;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class RetainedIndexTest {

    private static final Runnable NOTHING = () -> {};

    private final RetainedIndex index = new RetainedIndex();

    private void retain(String... topics) {
        for (String t : topics) {
            index.put(t, NOTHING);
        }
    }

    @Test
    void exactFilter_matchesOnlyItsTopic() {
        retain("a/b", "a/b/c", "a", "ab");
        assertThat(index.match("a/b")).containsExactly("a/b");
        assertThat(index.match("a/x")).isEmpty();
    }

    @Test
    void plus_matchesExactlyOneLevel() {
        retain("a", "a/b", "a/c", "a/b/c", "b/b");
        assertThat(index.match("a/+")).containsExactlyInAnyOrder("a/b", "a/c");
        assertThat(index.match("+/b")).containsExactlyInAnyOrder("a/b", "b/b");
        assertThat(index.match("+")).containsExactly("a");
        assertThat(index.match("a/+/c")).containsExactly("a/b/c");
    }

    @Test
    void hash_matchesItsParentAndEverythingBelow() {
        retain("a", "a/b", "a/b/c", "ab", "b");
        // [MQTT-4.7.1-2] "a/#" matches "a" too
        assertThat(index.match("a/#")).containsExactlyInAnyOrder("a", "a/b", "a/b/c");
        assertThat(index.match("a/b/#")).containsExactlyInAnyOrder("a/b", "a/b/c");
        assertThat(index.match("#")).containsExactlyInAnyOrder("a", "a/b", "a/b/c", "ab", "b");
        assertThat(index.match("+/#")).containsExactlyInAnyOrder("a", "a/b", "a/b/c", "ab", "b");
    }

    @Test
    void emptyLevels_areLevels() {
        retain("/a", "a/", "a//b", "/", "a/b");
        assertThat(index.match("+/a")).containsExactly("/a");
        assertThat(index.match("/+")).containsExactlyInAnyOrder("/a", "/");
        assertThat(index.match("a/+")).containsExactlyInAnyOrder("a/", "a/b");
        assertThat(index.match("a/+/b")).containsExactly("a//b");
        assertThat(index.match("+/+")).containsExactlyInAnyOrder("/a", "a/", "/", "a/b");
        assertThat(index.match("/#")).containsExactlyInAnyOrder("/a", "/");
        assertThat(index.match("a//b")).containsExactly("a//b");
        assertThat(index.match("#")).hasSize(5);
    }

    @Test
    void dollarTopics_notMatchedByAFilterStartingWithAWildcard() {
        retain("$SYS/broker/uptime", "$SYS", "$share-like/x", "sys/broker/uptime");
        // [MQTT-4.7.2-1]
        assertThat(index.match("#")).containsExactly("sys/broker/uptime");
        assertThat(index.match("+/broker/uptime")).containsExactly("sys/broker/uptime");
        assertThat(index.match("+/#")).containsExactly("sys/broker/uptime");
        assertThat(index.match("$SYS/#")).containsExactlyInAnyOrder("$SYS/broker/uptime", "$SYS");
        assertThat(index.match("$SYS/+/uptime")).containsExactly("$SYS/broker/uptime");
        assertThat(index.match("$SYS/broker/uptime")).containsExactly("$SYS/broker/uptime");
    }

    @Test
    void invalidFilter_rejected() {
        assertThatThrownBy(() -> index.cursor("a/#/b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> index.cursor("a+")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> index.cursor("")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void randomTopicsAndFilters_matchAsTopicsMatchesSays() {
        Random random = new Random(7);
        String[] alphabet = {"a", "b", "", "$x", "c"};
        List<String> topics = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            String t = name(random, alphabet, false);
            topics.add(t);
            index.put(t, NOTHING);
        }
        for (int i = 0; i < 400; i++) {
            String filter = name(random, alphabet, true);
            if (!Topics.isValidFilter(filter)) {
                continue;
            }
            List<String> expected = topics.stream().distinct().filter(t -> Topics.matches(filter, t)).toList();
            assertThat(index.match(filter)).as(filter).containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    private static String name(Random random, String[] alphabet, boolean filter) {
        int levels = 1 + random.nextInt(4);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < levels; i++) {
            if (i > 0) {
                b.append('/');
            }
            int pick = random.nextInt(alphabet.length + (filter ? 2 : 0));
            if (pick == alphabet.length) {
                b.append('+');
            } else if (pick == alphabet.length + 1) {
                b.append('#');
                break;
            } else {
                b.append(alphabet[pick]);
            }
        }
        return b.toString();
    }

    @Test
    void cursor_respectsItsBudgets_andResumesWithoutLossOrRepeat() {
        for (int i = 0; i < 1_000; i++) {
            index.put("d/" + i / 100 + "/" + i, NOTHING);
        }
        RetainedCursor cursor = index.cursor("d/#");
        List<String> found = new ArrayList<>();
        int calls = 0;
        boolean more = true;
        while (more) {
            int before = found.size();
            more = cursor.advance(found::add, 7, 50);
            assertThat(found.size() - before).isLessThanOrEqualTo(7);
            calls++;
        }
        assertThat(found).hasSize(1_000).doesNotHaveDuplicates();
        assertThat(calls).isGreaterThan(1_000 / 7);

        // a filter that matches little still stops after its step budget
        RetainedCursor sparse = index.cursor("d/+/999");
        List<String> one = new ArrayList<>();
        assertThat(sparse.advance(one::add, 100, 5)).isTrue();
        while (sparse.advance(one::add, 100, 5)) {
            // go on until the walk ends
        }
        assertThat(one).containsExactly("d/9/999");
    }

    @Test
    void put_runsTheWriteAndCountsNewTopicsOnce() {
        List<String> writes = new ArrayList<>();
        assertThat(index.put("a/b", () -> writes.add("1"))).isTrue();
        assertThat(index.put("a/b", () -> writes.add("2"))).isFalse();
        assertThat(writes).containsExactly("1", "2");
        assertThat(index.size()).isEqualTo(1);
        assertThat(index.remove("a/c", () -> writes.add("never"))).isFalse();
        assertThat(index.remove("a", () -> writes.add("never"))).isFalse();
        assertThat(index.remove("a/b", () -> writes.add("deleted"))).isTrue();
        assertThat(writes).containsExactly("1", "2", "deleted");
        assertThat(index.size()).isZero();
    }

    @Test
    void failedWrite_addsNothing_andLeavesNoEmptyBranch() {
        assertThatThrownBy(() -> index.put("a/b/c", () -> {
            throw new StoreException("disk full", null);
        })).isInstanceOf(StoreException.class);
        assertThat(index.match("#")).isEmpty();
        assertThat(index.size()).isZero();
        assertThat(index.nodeCount()).isEqualTo(1);
    }

    @Test
    void remove_prunesTheNodesItLeavesEmpty() {
        retain("a/b/c", "a/d", "a");
        index.remove("a/b/c", NOTHING);
        assertThat(index.nodeCount()).as("root, a, d").isEqualTo(3);
        index.remove("a/d", NOTHING);
        assertThat(index.nodeCount()).as("root, a (still retained)").isEqualTo(2);
        index.remove("a", NOTHING);
        assertThat(index.nodeCount()).isEqualTo(1);

        for (int i = 0; i < 10_000; i++) {
            index.put("x/" + i % 10 + "/" + i + "/y", NOTHING);
        }
        for (int i = 0; i < 10_000; i++) {
            index.remove("x/" + i % 10 + "/" + i + "/y", NOTHING);
        }
        assertThat(index.nodeCount()).isEqualTo(1);
        assertThat(index.size()).isZero();
    }

    @Test
    void concurrentPutAndRemove_whileMatching_storeAndIndexAgree() throws Exception {
        Set<String> stable = ConcurrentHashMap.newKeySet();
        for (int i = 0; i < 200; i++) {
            String t = "s/" + i % 3 + "/st" + i;
            stable.add(t);
            index.put(t, NOTHING);
        }
        // the churned topics share their branches with each other and with the stable ones, so nodes are
        // created and pruned under the walks and under each other's writes
        String[] churn = new String[96];
        for (int i = 0; i < churn.length; i++) {
            churn[i] = (i % 2 == 0 ? "s/" : "c/") + i % 3 + "/" + (i % 4 == 0 ? "x/" : "") + i % 8;
        }
        ConcurrentMap<String, Boolean> store = new ConcurrentHashMap<>();
        stable.forEach(t -> store.put(t, true));
        int writers = 4;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch started = new CountDownLatch(writers);
        List<Future<?>> running = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int seed = w;
            running.add(pool.submit(() -> {
                Random random = new Random(seed);
                started.countDown();
                while (!stop.get()) {
                    String t = churn[random.nextInt(churn.length)];
                    if (random.nextBoolean()) {
                        index.put(t, () -> store.put(t, true));
                    } else {
                        index.remove(t, () -> store.remove(t));
                    }
                }
            }));
        }
        started.await();
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1_500);
        int walks = 0;
        while (System.nanoTime() < until) {
            RetainedCursor cursor = index.cursor(walks % 2 == 0 ? "#" : "s/+/#");
            Map<String, Integer> seen = new HashMap<>();
            while (cursor.advance(t -> seen.merge(t, 1, Integer::sum), 5, 13)) {
                // resumed in small pieces while the writers change the trie
            }
            for (String t : stable) {
                assertThat(seen.get(t)).as("stable topic %s found once", t).isEqualTo(1);
            }
            walks++;
        }
        stop.set(true);
        for (Future<?> f : running) {
            f.get(10, TimeUnit.SECONDS);
        }
        pool.shutdown();

        assertThat(walks).isPositive();
        assertThat(index.match("#")).containsExactlyInAnyOrderElementsOf(store.keySet());
        assertThat(index.size()).isEqualTo(store.size());
        for (String t : store.keySet()) {
            index.remove(t, NOTHING);
        }
        assertThat(index.nodeCount()).isEqualTo(1);
        assertThat(index.size()).isZero();
    }
}
