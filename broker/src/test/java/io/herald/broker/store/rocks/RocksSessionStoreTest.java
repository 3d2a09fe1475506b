package io.herald.broker.store.rocks;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.broker.message.Inflight;
import io.herald.broker.message.Message;
import io.herald.broker.store.MessageQueue;
import io.herald.broker.store.SessionRecord;
import io.herald.broker.store.SessionStore;
import io.herald.broker.topic.Subscription;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Sessions, queues, in-flight and inbound QoS 2 records of {@link RocksStore}, across reopening. */
@Timeout(30)
class RocksSessionStoreTest extends ReopenedStoreTest {

    private static final SessionRecord NEVER = new SessionRecord("c1", SessionRecord.NEVER_EXPIRES,
            List.of(Subscription.of("a/#", 1), new Subscription("b/+", 2, true, false, 1, 5)));

    private SessionStore open() {
        return reopen().sessions();
    }

    @Test
    void savedSession_isRecoveredWithItsSubscriptions() {
        open().save(NEVER);
        assertThat(open().recover()).containsExactly(NEVER);
    }

    @Test
    void queue_isFifo_countsMessagesAndBytes_andSurvivesReopening() {
        SessionStore s = open();
        s.save(NEVER);
        MessageQueue q = s.queue("c1");
        for (int i = 0; i < 5; i++) {
            q.add(message("m" + i));
        }
        assertThat(q.poll()).isEqualTo(message("m0"));
        s.putInflight("c1", new Inflight(1, message("m0"), false)); // the polled entry is deleted with this write
        assertThat(q.size()).isEqualTo(4);
        assertThat(q.bytes()).isEqualTo(4 * message("m1").size());

        MessageQueue reopened = open().queue("c1");
        assertThat(reopened.size()).isEqualTo(4);
        assertThat(reopened.bytes()).isEqualTo(4 * message("m1").size());
        for (int i = 1; i < 5; i++) {
            assertThat(reopened.poll()).isEqualTo(message("m" + i));
        }
        assertThat(reopened.poll()).isNull();
        assertThat(reopened.bytes()).isZero();
    }

    @Test
    void polledEntry_withoutALaterWrite_isDeletedByAClose() {
        SessionStore s = open();
        s.save(NEVER);
        s.queue("c1").add(message("m0"));
        s.queue("c1").add(message("m1"));
        s.queue("c1").poll();
        stop(); // a clean close writes the pending delete
        assertThat(open().queue("c1").poll()).isEqualTo(message("m1"));
    }

    @Test
    void clearedQueue_staysEmpty_andNewEntriesFollow() {
        SessionStore s = open();
        s.save(NEVER);
        MessageQueue q = s.queue("c1");
        q.add(message("old1"));
        q.add(message("old2"));
        q.clear();
        q.add(message("new"));
        MessageQueue reopened = open().queue("c1");
        assertThat(reopened.size()).isEqualTo(1);
        assertThat(reopened.poll()).isEqualTo(message("new"));
    }

    @Test
    void inflight_keepsSendOrderAcrossPacketIdWrapAndRelease_andRemovalsStick() {
        SessionStore s = open();
        s.save(NEVER);
        s.putInflight("c1", new Inflight(65_535, message("first"), false));
        s.putInflight("c1", new Inflight(1, message("second"), false));
        s.putInflight("c1", new Inflight(2, message("third"), false));
        s.putInflight("c1", new Inflight(65_535, message("first"), true)); // PUBREC released it: same place
        s.removeInflight("c1", 1);

        assertThat(open().inflight("c1")).containsExactly(
                new Inflight(65_535, message("first"), true), new Inflight(2, message("third"), false));
        SessionStore again = open();
        again.putInflight("c1", new Inflight(3, message("fourth"), false));
        assertThat(open().inflight("c1")).extracting(Inflight::packetId).containsExactly(65_535, 2, 3);
    }

    @Test
    void inboundQos2Ids_areRecovered_untilReleased() {
        SessionStore s = open();
        s.save(NEVER);
        s.putInboundQos2("c1", 7);
        s.putInboundQos2("c1", 65_535);
        s.removeInboundQos2("c1", 7);
        assertThat(open().inboundQos2("c1")).containsExactly(65_535);
    }

    @Test
    void removedSession_losesItsQueueInflightAndQos2Ids() {
        SessionStore s = open();
        s.save(NEVER);
        s.queue("c1").add(message("q"));
        s.putInflight("c1", new Inflight(1, message("f"), false));
        s.putInboundQos2("c1", 3);
        s.remove("c1");
        assertThat(s.queue("c1").size()).isZero();

        SessionStore reopened = open();
        assertThat(reopened.recover()).isEmpty();
        assertThat(reopened.queue("c1").size()).isZero();
        assertThat(reopened.inflight("c1")).isEmpty();
        assertThat(reopened.inboundQos2("c1")).isEmpty();
    }

    @Test
    void recordsOfAClientWithoutPersistentSession_areFreedOnOpen() {
        SessionStore s = open();
        s.queue("clean").add(message("q")); // a clean session's queue, left behind by a crash
        s.putInflight("clean", new Inflight(1, message("f"), false));
        s.putInboundQos2("clean", 3);
        s.save(NEVER);
        s.queue("c1").add(message("kept"));

        SessionStore reopened = open();
        assertThat(reopened.queue("clean").size()).isZero();
        assertThat(reopened.inflight("clean")).isEmpty();
        assertThat(reopened.inboundQos2("clean")).isEmpty();
        assertThat(reopened.queue("c1").size()).isEqualTo(1);
    }

    @Test
    void sessionOffline_longerThanItsExpiry_isFreedWithItsQueueOnOpen() {
        SessionStore s = open();
        s.save(new SessionRecord("short", 60, List.of(Subscription.of("a", 1))));
        s.queue("short").add(message("q"));
        s.offline("short", clock.millis());
        s.save(new SessionRecord("long", 3_600, List.of()));
        s.offline("long", clock.millis());
        stop();

        clock.advanceSeconds(61);
        SessionStore reopened = open();
        assertThat(reopened.recover()).containsExactly(new SessionRecord("long", 3_600 - 61, List.of()));
        assertThat(reopened.queue("short").size()).isZero();
    }

    @Test
    void sessionAttachedAtACrash_expiresFromTheLastHeartbeat() {
        SessionStore s = open();
        s.save(new SessionRecord("c2", 10, List.of()));
        s.save(NEVER);
        stop(); // sessions still attached, as a crash leaves them

        clock.advanceSeconds(5); // down for 5 s: the session went offline at the crash, 1 s grace for the heartbeat
        assertThat(open().recover()).containsExactlyInAnyOrder(NEVER, new SessionRecord("c2", 6, List.of()));
        stop(); // sessions still attached, as a crash leaves them
        clock.advanceSeconds(7); // the offline time was written on the first recovery: not pushed back again
        assertThat(open().recover()).containsExactly(NEVER);
    }

    @Test
    void resavedSession_isAttachedAgain_soAnOldOfflineTimeNoLongerCounts() {
        SessionStore s = open();
        s.save(new SessionRecord("c2", 10, List.of()));
        s.offline("c2", clock.millis());
        clock.advanceSeconds(20);
        s.save(new SessionRecord("c2", 10, List.of()));
        stop();
        assertThat(open().recover()).containsExactly(new SessionRecord("c2", 10, List.of()));
    }

    @Test
    void sync_fromManyThreadsAtOnce_completesForEveryone() throws Exception {
        SessionStore s = open();
        List<CompletableFuture<Void>> syncs = new CopyOnWriteArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            String clientId = "c" + t;
            threads.add(Thread.ofPlatform().start(() -> {
                s.save(new SessionRecord(clientId, SessionRecord.NEVER_EXPIRES, List.of()));
                for (int i = 0; i < 500; i++) {
                    s.queue(clientId).add(message("m" + i));
                    syncs.add(s.sync().toCompletableFuture());
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        CompletableFuture.allOf(syncs.toArray(new CompletableFuture[0]))
                .get(10, TimeUnit.SECONDS);
        assertThat(open().queue("c3").size()).isEqualTo(500);
    }

    @Test
    void sync_completesInBothModes() throws Exception {
        open().save(NEVER);
        store.sessions().sync().toCompletableFuture().get(5, TimeUnit.SECONDS);
        stop();
        store = RocksStore.open(dir, Durability.ASYNC, clock);
        assertThat(store.sessions().sync().toCompletableFuture()).isCompleted();
    }

    private static Message message(String text) {
        return new Message("t/" + text, text.getBytes(StandardCharsets.UTF_8), 1, false, "pub", 1_700_000_000_000L);
    }
}
