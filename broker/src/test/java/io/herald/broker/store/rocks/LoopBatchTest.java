package io.herald.broker.store.rocks;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.broker.message.Inflight;
import io.herald.broker.message.Message;
import io.herald.broker.store.MessageQueue;
import io.herald.broker.store.SessionRecord;
import io.herald.broker.store.SessionStore;
import io.herald.broker.store.rocks.StoreDb.Family;
import io.netty.channel.EventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The durable path of sessions on a real event loop: the writes of one loop turn reach RocksDB as one
 * log write, a message is written once whether it is sent at once or waits in the queue first, and a
 * queued message that went in flight comes back in flight after a restart.
 */
@Timeout(30)
class LoopBatchTest extends ReopenedStoreTest {

    private static final int N = 200;
    private MultiThreadIoEventLoopGroup group;
    private EventLoop loop;

    @BeforeEach
    void startLoop() {
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        loop = group.next();
    }

    @AfterEach
    void stopLoop() throws Exception {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }

    /** A persistent session of client "c" on the loop. */
    private SessionStore openOnLoop() throws Exception {
        SessionStore s = reopen().sessions();
        onLoop(() -> {
            s.sessionLoop("c", loop);
            s.save(new SessionRecord("c", SessionRecord.NEVER_EXPIRES, List.of()));
            return null;
        });
        s.sync().toCompletableFuture().get(5, TimeUnit.SECONDS);
        return s;
    }

    @Test
    void messagesSentAtOnce_inOneLoopTurn_areOneLogWrite_andTheirAcknowledgementsAnother() throws Exception {
        SessionStore s = openOnLoop();
        long before = store.db().logWrites();
        CompletableFuture<Void> durable = onLoop(() -> {
            for (int i = 1; i <= N; i++) {
                s.putInflight("c", new Inflight(i, message("m" + i), false));
            }
            return s.sync().toCompletableFuture();
        });
        durable.get(5, TimeUnit.SECONDS);
        assertThat(store.db().logWrites() - before).isEqualTo(1);
        assertThat(count(Family.INFLIGHT)).isEqualTo(N);
        assertThat(count(Family.QUEUES)).isZero();

        onLoop(() -> {
            for (int i = 1; i <= N; i++) {
                s.removeInflight("c", i);
            }
            return null;
        });
        s.sync().toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(store.db().logWrites() - before).isEqualTo(2);
        assertThat(count(Family.INFLIGHT)).isZero();
    }

    @Test
    void queuedMessages_goingInFlight_keepTheirQueueRecord_oneSmallRecordEach_inOneLogWrite() throws Exception {
        SessionStore s = openOnLoop();
        long before = store.db().logWrites();
        onLoop(() -> {
            for (int i = 1; i <= N; i++) {
                s.queue("c").add(message("m" + i));
            }
            return s.sync().toCompletableFuture();
        }).get(5, TimeUnit.SECONDS);
        assertThat(store.db().logWrites() - before).isEqualTo(1);

        onLoop(() -> {
            for (int i = 1; i <= N; i++) {
                assertThat(s.queue("c").peek()).isEqualTo(message("m" + i));
                s.putInflightFromQueue("c", new Inflight(i, s.queue("c").peek(), false));
            }
            return s.sync().toCompletableFuture();
        }).get(5, TimeUnit.SECONDS);
        assertThat(store.db().logWrites() - before).isEqualTo(2);
        assertThat(count(Family.QUEUES)).as("the queue records stay, as the in-flight messages").isEqualTo(N);
        List<byte[]> inflight = values(Family.INFLIGHT);
        assertThat(inflight).hasSize(N).allMatch(v -> v.length < 16, "no copy of the message");
        assertThat(s.queue("c").size()).isZero();

        onLoop(() -> {
            for (int i = 1; i <= N; i += 2) {
                s.removeInflight("c", i); // acknowledged out of order: every other one
            }
            return s.sync().toCompletableFuture();
        }).get(5, TimeUnit.SECONDS);
        assertThat(store.db().logWrites() - before).isEqualTo(3);
        assertThat(count(Family.QUEUES)).isEqualTo(N / 2);
        assertThat(count(Family.INFLIGHT)).isEqualTo(N / 2);
    }

    @Test
    void queuedMessageThatWentInFlight_isRecoveredInFlight_notQueued_untilAcknowledged() throws Exception {
        SessionStore s = openOnLoop();
        onLoop(() -> {
            MessageQueue q = s.queue("c");
            for (int i = 1; i <= 5; i++) {
                q.add(message("m" + i));
            }
            s.putInflightFromQueue("c", new Inflight(10, q.peek(), false));
            s.putInflightFromQueue("c", new Inflight(11, q.peek(), false));
            s.putInflightFromQueue("c", new Inflight(12, q.peek(), false));
            s.removeInflight("c", 11);
            return null;
        });
        onLoop(() -> {
            // QoS 2: PUBREC released it, the record stays a reference to the queue entry
            s.putInflight("c", new Inflight(12, message("m3"), true));
            return s.sync().toCompletableFuture();
        }).get(5, TimeUnit.SECONDS);

        stopLoop();
        SessionStore again = reopen().sessions(); // a restart (server CrashRecoveryIT kills the process)
        assertThat(again.inflight("c")).containsExactly(new Inflight(10, message("m1"), false),
                new Inflight(12, message("m3"), true));
        MessageQueue q = again.queue("c");
        assertThat(q.size()).isEqualTo(2);
        q.add(message("m6"));
        again.removeInflight("c", 10);
        again.removeInflight("c", 12);

        SessionStore third = reopen().sessions();
        assertThat(third.inflight("c")).isEmpty();
        List<Message> queued = new ArrayList<>();
        for (Message m = third.queue("c").poll(); m != null; m = third.queue("c").poll()) {
            queued.add(m);
        }
        assertThat(queued).containsExactly(message("m4"), message("m5"), message("m6"));
        assertThat(count(Family.QUEUES)).isZero();
    }

    @Test
    void sync_waitsForTheWritesOfTheLoopsTurn_madeBeforeIt() throws Exception {
        SessionStore s = openOnLoop();
        CompletableFuture<Boolean> completedInTurn = new CompletableFuture<>();
        CompletableFuture<Void> durable = onLoop(() -> {
            s.queue("c").add(message("m1"));
            CompletableFuture<Void> sync = s.sync().toCompletableFuture();
            completedInTurn.complete(sync.isDone() || store.db().get(Family.QUEUES, Keys.withSeq(Keys.prefix("c"), 0)) != null);
            return sync;
        });
        durable.get(5, TimeUnit.SECONDS);
        assertThat(completedInTurn.get()).as("written or synced before the turn ended").isFalse();
        assertThat(store.db().get(Family.QUEUES, Keys.withSeq(Keys.prefix("c"), 0))).isNotNull();
    }

    @Test
    void savedSession_isInTheLogAtOnce_afterTheTurnsEarlierWrites() throws Exception {
        SessionStore s = openOnLoop();
        boolean[] inLog = onLoop(() -> {
            s.queue("c").add(message("m1"));
            boolean queuedBefore = store.db().get(Family.QUEUES, Keys.withSeq(Keys.prefix("c"), 0)) != null;
            s.save(new SessionRecord("c", 60, List.of()));
            return new boolean[] {queuedBefore, store.db().get(Family.QUEUES, Keys.withSeq(Keys.prefix("c"), 0)) != null,
                    store.db().get(Family.SESSIONS, Keys.name("c")) != null};
        });
        assertThat(inLog).containsExactly(false, true, true);
    }

    private <T> T onLoop(Callable<T> task) throws Exception {
        return loop.submit(task).get(5, TimeUnit.SECONDS);
    }

    private int count(Family f) {
        return values(f).size();
    }

    private List<byte[]> values(Family f) {
        List<byte[]> found = new ArrayList<>();
        store.db().forEach(f, (k, v) -> found.add(v));
        return found;
    }

    private static Message message(String text) {
        return new Message("t/" + text, text.getBytes(StandardCharsets.UTF_8), 1, false, "pub", 1_700_000_000_000L);
    }
}
