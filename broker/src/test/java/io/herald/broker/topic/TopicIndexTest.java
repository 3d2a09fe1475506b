package io.herald.broker.topic;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TopicIndexTest {

    record Client(String clientId) implements Subscriber {}

    private final TopicIndex<Client> index = new TopicIndex<>();

    private List<String> match(String topic) {
        List<String> out = new ArrayList<>();
        index.match(topic, (c, s) -> out.add(c.clientId() + "@" + s.filter()));
        return out;
    }

    @Test
    void match_findsExactPlusAndHashSubscribers() {
        index.subscribe(new Client("a"), Subscription.of("x/y", 0));
        index.subscribe(new Client("b"), Subscription.of("x/+", 1));
        index.subscribe(new Client("c"), Subscription.of("x/#", 2));
        index.subscribe(new Client("d"), Subscription.of("#", 0));
        index.subscribe(new Client("e"), Subscription.of("x/y/z", 0));

        assertThat(match("x/y")).containsExactlyInAnyOrder("a@x/y", "b@x/+", "c@x/#", "d@#");
        assertThat(match("x")).containsExactlyInAnyOrder("c@x/#", "d@#");
        assertThat(match("q")).containsExactly("d@#");
    }

    @Test
    void match_overlappingSubscriptionsOfOneClient_reportedPerSubscription() {
        Client a = new Client("a");
        index.subscribe(a, Subscription.of("x/+", 0));
        index.subscribe(a, Subscription.of("x/#", 2));

        assertThat(match("x/y")).containsExactlyInAnyOrder("a@x/+", "a@x/#");
    }

    @Test
    void match_dollarTopics_notMatchedByLeadingWildcards() {
        index.subscribe(new Client("a"), Subscription.of("#", 0));
        index.subscribe(new Client("b"), Subscription.of("+/info", 0));
        index.subscribe(new Client("c"), Subscription.of("$SYS/#", 0));

        assertThat(match("$SYS/info")).containsExactly("c@$SYS/#");
    }

    @Test
    void counts_subscriptionsAndShareMemberships_replacedOnceRemovedOnce() {
        Client a = new Client("a");
        index.subscribe(a, Subscription.of("t/1", 0));
        index.subscribe(a, Subscription.of("t/1", 1));
        index.subscribe(new Client("b"), Subscription.of("t/1", 0));
        index.subscribe(a, Subscription.of("$share/g/t/1", 0));
        index.subscribe(new Client("b"), Subscription.of("$share/g/t/1", 0));
        assertThat(index.subscriptionCount()).isEqualTo(2);
        assertThat(index.sharedSubscriptionCount()).isEqualTo(2);

        assertThat(index.unsubscribe("t/1", "a")).isTrue();
        assertThat(index.unsubscribe("t/1", "a")).isFalse();
        assertThat(index.unsubscribe("$share/g/t/1", "b")).isTrue();
        assertThat(index.subscriptionCount()).isEqualTo(1);
        assertThat(index.sharedSubscriptionCount()).isEqualTo(1);
    }

    @Test
    void subscribe_sameFilterTwice_replaces() {
        Client a = new Client("a");
        assertThat(index.subscribe(a, Subscription.of("t", 0))).isFalse();
        assertThat(index.subscribe(a, Subscription.of("t", 2))).isTrue();

        List<Integer> qos = new ArrayList<>();
        index.match("t", (c, s) -> qos.add(s.qos()));
        assertThat(qos).containsExactly(2);
    }

    @Test
    void unsubscribe_prunesEmptyNodes() {
        index.subscribe(new Client("a"), Subscription.of("a/b/c", 0));
        index.subscribe(new Client("b"), Subscription.of("a/+", 0));

        assertThat(index.unsubscribe("a/b/c", "a")).isTrue();
        assertThat(index.unsubscribe("a/b/c", "a")).isFalse();
        assertThat(index.filterCount()).isEqualTo(1);
        assertThat(match("a/b/c")).isEmpty();
        assertThat(match("a/b")).containsExactly("b@a/+");
    }

    @Test
    void match_emptyLevels_areLevelsOfTheirOwn() {
        index.subscribe(new Client("a"), Subscription.of("a//b", 0));
        index.subscribe(new Client("b"), Subscription.of("a/+/b", 0));
        index.subscribe(new Client("c"), Subscription.of("a/b", 0));
        index.subscribe(new Client("d"), Subscription.of("a/", 0));
        index.subscribe(new Client("e"), Subscription.of("a/#", 0));

        assertThat(match("a//b")).containsExactlyInAnyOrder("a@a//b", "b@a/+/b", "e@a/#");
        assertThat(match("a/b")).containsExactlyInAnyOrder("c@a/b", "e@a/#");
        assertThat(match("a/")).containsExactlyInAnyOrder("d@a/", "e@a/#");
        assertThat(match("a///b")).containsExactly("e@a/#");
    }

    @Test
    void match_leadingSlash_firstLevelIsEmpty() {
        index.subscribe(new Client("a"), Subscription.of("/x", 0));
        index.subscribe(new Client("b"), Subscription.of("+/x", 0));
        index.subscribe(new Client("c"), Subscription.of("/+", 0));
        index.subscribe(new Client("d"), Subscription.of("x", 0));
        index.subscribe(new Client("e"), Subscription.of("/", 0));

        assertThat(match("/x")).containsExactlyInAnyOrder("a@/x", "b@+/x", "c@/+");
        assertThat(match("x")).containsExactly("d@x");
        assertThat(match("/")).containsExactlyInAnyOrder("c@/+", "e@/");
    }

    @Test
    void match_dollarTopic_wildcardsBelowTheFirstLevelStillMatch() {
        index.subscribe(new Client("a"), Subscription.of("+/x", 0));
        index.subscribe(new Client("b"), Subscription.of("#", 0));
        index.subscribe(new Client("c"), Subscription.of("$SYS/+", 0));
        index.subscribe(new Client("d"), Subscription.of("$SYS/x/#", 0));
        index.subscribe(new Client("e"), Subscription.of("+/+", 0));

        assertThat(match("$SYS/x")).containsExactlyInAnyOrder("c@$SYS/+", "d@$SYS/x/#");
        assertThat(match("SYS/x")).containsExactlyInAnyOrder("a@+/x", "b@#", "e@+/+");
        assertThat(match("a$/x")).containsExactlyInAnyOrder("a@+/x", "b@#", "e@+/+");
    }

    @Test
    void match_sharedSubscription_reportsItsGroupForTheFilterWithoutPrefix() {
        index.subscribe(new Client("a"), Subscription.of("$share/g/f/+", 1));
        index.subscribe(new Client("b"), Subscription.of("$share/g/f/+", 1));
        index.subscribe(new Client("c"), Subscription.of("$share/h/f/#", 1));

        List<String> groups = new ArrayList<>();
        List<String> plain = new ArrayList<>();
        index.match("f/1", (c, s) -> plain.add(c.clientId()), g -> groups.add(g.name() + ":" + g.members().size()));
        assertThat(plain).isEmpty();
        assertThat(groups).containsExactlyInAnyOrder("g:2", "h:1");
        assertThat(match("$share/g/f/1")).isEmpty();
    }

    @Test
    void match_levelsWithEqualHashCodes_foundEvenInTreeBins() {
        // "Aa" and "BB" have the same String hash: 16 levels built from them share one hash bucket, which
        // ConcurrentHashMap turns into a tree once the table is large enough
        List<String> colliding = new ArrayList<>();
        for (int bits = 0; bits < 16; bits++) {
            StringBuilder level = new StringBuilder();
            for (int i = 0; i < 4; i++) {
                level.append((bits >> i & 1) == 0 ? "Aa" : "BB");
            }
            colliding.add(level.toString());
        }
        for (int i = 0; i < 100; i++) {
            index.subscribe(new Client("other" + i), Subscription.of("t/" + i, 0));
        }
        for (String level : colliding) {
            index.subscribe(new Client(level), Subscription.of("t/" + level, 0));
        }

        for (String level : colliding) {
            assertThat(match("t/" + level)).containsExactly(level + "@t/" + level);
        }
        assertThat(match("t/AaAaAaAB")).isEmpty();
    }

    @Test
    void match_agreesWithTopicsMatches_onRandomFiltersAndNames() {
        Random random = new Random(42);
        String[] levels = {"a", "b", "", "$x"};
        List<String> filters = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            String f = randomTopic(random, levels, true);
            if (Topics.isValidFilter(f) && !filters.contains(f)) {
                filters.add(f);
                index.subscribe(new Client(f), Subscription.of(f, 0));
            }
        }
        for (int i = 0; i < 500; i++) {
            String name = randomTopic(random, levels, false);
            List<String> expected = filters.stream().filter(f -> Topics.matches(f, name)).map(f -> f + "@" + f).toList();
            assertThat(match(name)).as("topic %s", name).containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    private static String randomTopic(Random random, String[] levels, boolean wildcards) {
        int n = 1 + random.nextInt(4);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                sb.append('/');
            }
            int pick = random.nextInt(wildcards ? levels.length + 2 : levels.length);
            if (pick == levels.length) {
                sb.append('+');
            } else if (pick == levels.length + 1) {
                sb.append('#');
                break;
            } else {
                sb.append(levels[pick]);
            }
        }
        return sb.toString();
    }
}
