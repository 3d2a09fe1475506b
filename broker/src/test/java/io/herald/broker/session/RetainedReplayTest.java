package io.herald.broker.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.broker.BrokerConfig;
import io.herald.broker.BrokerMetrics;
import io.herald.broker.BrokerMetrics.DropReason;
import io.herald.broker.message.Message;
import io.herald.broker.store.RetainedStore;
import io.herald.broker.store.memory.MemoryStore;
import io.herald.broker.topic.Subscription;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import org.junit.jupiter.api.Test;

/**
 * Retained messages on SUBSCRIBE are paced, never dropped: a message admitted while the connection was
 * writable goes out even when the connection's loop (another thread) flips it unwritable before the
 * message is handed over. They are found and sent in bounded turns, in their newest version.
 */
class RetainedReplayTest {

    private final MemoryStore store = new MemoryStore();
    private final BrokerMetrics metrics = new BrokerMetrics(new SimpleMeterRegistry());
    private final Delivery delivery = new Delivery(BrokerConfig.builder().build(), metrics, Clock.systemUTC());

    @Test
    void connectionTurnsUnwritableBetweenAdmissionAndDelivery_messageSentNotDropped() {
        RetainedStore retained = store.retained();
        retained.put(new Message("a/1", new byte[] {1}, 0, true, "p", 0));
        retained.put(new Message("a/2", new byte[] {2}, 0, true, "p", 0));
        // admitted on the first check; unwritable from the second on (the channel's loop drained meanwhile)
        FlippingOwner owner = new FlippingOwner(true, false, false, false);
        Session session = new Session("sub", null, 0, store.sessions());
        session.attach(owner);
        RetainedReplay replay = new RetainedReplay(session, Subscription.of("a/#", 0), retained.cursor("a/#"),
                topic -> true);

        assertThat(replay.send(delivery, retained)).isEqualTo(RetainedReplay.Progress.BLOCKED);
        assertThat(owner.sent).hasSize(1);
        assertThat(metrics.droppedCount(DropReason.NOT_WRITABLE)).isZero();
    }

    @Test
    void largeRetainedSet_foundAndSentInBoundedTurns_eachOnceWithTheRetainFlag() {
        RetainedStore retained = store.retained();
        int n = 10 * RetainedReplay.BATCH + 7;
        for (int i = 0; i < n; i++) {
            retained.put(new Message("d/" + i % 10 + "/" + i, new byte[] {1}, 0, true, "p", 0));
        }
        FlippingOwner owner = new FlippingOwner();
        Session session = attached(owner);
        RetainedReplay replay = new RetainedReplay(session, Subscription.of("#", 0), retained.cursor("#"),
                topic -> true);

        int turns = 0;
        RetainedReplay.Progress progress;
        do {
            int before = owner.sent.size();
            progress = replay.send(delivery, retained);
            assertThat(owner.sent.size() - before).isLessThanOrEqualTo(RetainedReplay.BATCH);
            turns++;
        } while (progress == RetainedReplay.Progress.YIELDED);

        assertThat(progress).isEqualTo(RetainedReplay.Progress.DONE);
        assertThat(owner.sent).hasSize(n).doesNotHaveDuplicates();
        assertThat(owner.messages).allMatch(Message::retain); // [MQTT-3.3.1-8]
        assertThat(turns).isGreaterThan(n / RetainedReplay.BATCH);
    }

    @Test
    void sparseMatchOverManyTopics_eachTurnVisitsABoundedPartOfTheIndex() {
        RetainedStore retained = store.retained();
        int n = 4 * RetainedReplay.STEPS;
        for (int i = 0; i < n; i++) {
            retained.put(new Message("d/" + i + "/state", new byte[] {1}, 0, true, "p", 0));
        }
        retained.put(new Message("d/last/alarm", new byte[] {2}, 0, true, "p", 0));
        FlippingOwner owner = new FlippingOwner();
        RetainedReplay replay = new RetainedReplay(attached(owner), Subscription.of("d/+/alarm", 0),
                retained.cursor("d/+/alarm"), topic -> true);

        int turns = 0;
        while (replay.send(delivery, retained) == RetainedReplay.Progress.YIELDED) {
            turns++;
        }
        // the walk over the level of n devices is spread over several turns instead of done in one
        assertThat(turns).isGreaterThanOrEqualTo(n / RetainedReplay.STEPS);
        assertThat(owner.sent).containsExactly("d/last/alarm");
    }

    @Test
    void retainedOrClearedMeanwhile_newestVersionSent_clearedSkipped_deniedSkipped() {
        RetainedStore retained = store.retained();
        for (String t : List.of("a/1", "a/2", "a/3", "a/secret")) {
            retained.put(new Message(t, new byte[] {1}, 0, true, "p", 0));
        }
        FlippingOwner owner = new FlippingOwner();
        Subscription sub = new Subscription("a/#", 1, false, false, 0, 42);
        RetainedReplay replay = new RetainedReplay(attached(owner), sub, retained.cursor("a/#"),
                topic -> !topic.endsWith("secret"));
        retained.put(new Message("a/1", new byte[] {9}, 0, true, "p", 0));
        retained.remove("a/2");

        assertThat(replay.send(delivery, retained)).isEqualTo(RetainedReplay.Progress.DONE);
        assertThat(owner.sent).containsExactlyInAnyOrder("a/1", "a/3");
        Message first = owner.messages.get(owner.sent.indexOf("a/1"));
        assertThat(first.payload().bytes()).containsExactly(9);
        assertThat(first.properties().subscriptionIds()).containsExactly(42);
    }

    private Session attached(SessionOwner owner) {
        Session session = new Session("sub", null, 0, store.sessions());
        session.attach(owner);
        return session;
    }

    /** A connection whose writability answers are given in advance, then false; always writable without any. */
    private static final class FlippingOwner extends StubOwner {
        final Queue<Boolean> writable = new ArrayDeque<>();
        final boolean afterwards;
        final List<String> sent = new ArrayList<>();
        final List<Message> messages = new ArrayList<>();

        FlippingOwner(Boolean... answers) {
            super(4);
            writable.addAll(List.of(answers));
            afterwards = answers.length == 0;
        }

        @Override
        public boolean writable() {
            Boolean next = writable.poll();
            return next == null ? afterwards : next;
        }

        @Override
        public boolean sendPublish(Message message, int packetId, boolean dup) {
            sent.add(message.topic());
            messages.add(message);
            return true;
        }
    }
}
