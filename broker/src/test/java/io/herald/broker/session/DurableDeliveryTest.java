package io.herald.broker.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.broker.BrokerConfig;
import io.herald.broker.BrokerMetrics;
import io.herald.broker.message.Message;
import io.herald.broker.store.SessionRecord;
import io.herald.broker.store.rocks.Durability;
import io.herald.broker.store.rocks.RocksStore;
import io.herald.broker.store.rocks.RocksStoreProbe;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.EventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * QoS 1 to an online persistent subscriber through {@link Delivery} and the RocksDB store, on a real
 * event loop: each message is written once, one log write per loop turn, and after a restart what was
 * in flight is resent with DUP and its packet id [MQTT-4.4.0-1], then the queue follows.
 */
@Timeout(30)
class DurableDeliveryTest {

    private static final int WINDOW = 10;

    @TempDir
    Path dir;
    private final MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final EventLoop loop = group.next();
    private final Delivery delivery = new Delivery(BrokerConfig.builder().build(),
            new BrokerMetrics(new SimpleMeterRegistry()), Clock.systemUTC());
    private RocksStore store;

    @AfterEach
    void stop() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        if (store != null) {
            store.close();
        }
    }

    @Test
    void onlinePersistentSubscriber_eachMessageWrittenOnce_oneLogWritePerTurn_inflightResentWithDupAfterRestart()
            throws Exception {
        store = RocksStore.open(dir, Durability.SYNC, Clock.systemUTC());
        RecordingOwner owner = new RecordingOwner();
        Session session = onLoop(() -> {
            Session s = new Session("sub", loop, SessionRecord.NEVER_EXPIRES, store.sessions());
            store.sessions().save(new SessionRecord("sub", SessionRecord.NEVER_EXPIRES, List.of()));
            s.attach(owner);
            return s;
        });
        long start = RocksStoreProbe.logWrites(store);

        // one turn: 10 sent at once (in-flight records), 20 wait in the queue (queue records)
        onLoop(() -> {
            for (int i = 1; i <= 30; i++) {
                delivery.deliver(session, message("m" + i));
            }
            return null;
        });
        store.sessions().sync().toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(RocksStoreProbe.logWrites(store) - start).isEqualTo(1);
        assertThat(owner.sent).hasSize(WINDOW);

        // one turn: 10 PUBACKs, 10 queued messages go in flight, their queue records kept as their messages
        onLoop(() -> {
            for (int packetId = 1; packetId <= WINDOW; packetId++) {
                delivery.onPubAck(session, packetId);
            }
            return null;
        });
        store.sessions().sync().toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(RocksStoreProbe.logWrites(store) - start).isEqualTo(2);
        assertThat(owner.sent).hasSize(2 * WINDOW).last().isEqualTo("m20 id=20 dup=false");
        assertThat(RocksStoreProbe.inflightRecordSizes(store)).hasSize(WINDOW).allMatch(size -> size < 16);

        // a restart: messages 11..20 were in flight, 21..30 queued
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        store.close();
        store = RocksStore.open(dir, Durability.SYNC, Clock.systemUTC());
        MultiThreadIoEventLoopGroup again = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            EventLoop next = again.next();
            RecordingOwner resumed = new RecordingOwner();
            next.submit(() -> {
                Session s = new Session("sub", next, SessionRecord.NEVER_EXPIRES, store.sessions());
                s.recover();
                s.attach(resumed);
                delivery.resume(s);
                for (int packetId = 11; packetId <= 20; packetId++) {
                    delivery.onPubAck(s, packetId);
                }
            }).get(5, TimeUnit.SECONDS);
            assertThat(resumed.sent).hasSize(2 * WINDOW);
            assertThat(resumed.sent.subList(0, WINDOW)).containsExactly("m11 id=11 dup=true", "m12 id=12 dup=true",
                    "m13 id=13 dup=true", "m14 id=14 dup=true", "m15 id=15 dup=true", "m16 id=16 dup=true",
                    "m17 id=17 dup=true", "m18 id=18 dup=true", "m19 id=19 dup=true", "m20 id=20 dup=true");
            assertThat(resumed.sent.subList(WINDOW, 2 * WINDOW)).allMatch(s -> s.endsWith("dup=false"))
                    .extracting(s -> s.substring(0, s.indexOf(' ')))
                    .containsExactly("m21", "m22", "m23", "m24", "m25", "m26", "m27", "m28", "m29", "m30");
        } finally {
            again.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    private <T> T onLoop(Callable<T> task) throws Exception {
        return loop.submit(task).get(5, TimeUnit.SECONDS);
    }

    private static Message message(String text) {
        return new Message("t/" + text, text.getBytes(StandardCharsets.UTF_8), 1, false, "pub", 1_700_000_000_000L);
    }

    /** A connection with a window of {@link #WINDOW} that records what is sent to it. */
    private static final class RecordingOwner extends StubOwner {
        final List<String> sent = new CopyOnWriteArrayList<>();

        RecordingOwner() {
            super(5);
        }

        @Override
        public boolean sendPublish(Message message, int packetId, boolean dup) {
            sent.add(message.payload().toString(StandardCharsets.UTF_8) + " id=" + packetId + " dup=" + dup);
            return true;
        }

        @Override
        public int receiveMaximum() {
            return WINDOW;
        }
    }
}
