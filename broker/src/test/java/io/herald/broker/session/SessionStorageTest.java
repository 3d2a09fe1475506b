package io.herald.broker.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.broker.message.Inflight;
import io.herald.broker.message.Message;
import io.herald.broker.store.SessionStore;
import io.herald.broker.store.memory.MemoryStore;
import java.nio.charset.StandardCharsets;
import io.herald.broker.store.rocks.Durability;
import io.herald.broker.store.rocks.RocksStore;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where a session keeps its queue and in-flight window: the heap while it ends with its connection, else the store. */
class SessionStorageTest {

    private final SessionStore store = new MemoryStore().sessions();

    @Test
    void sessionEndingWithItsConnection_queuesInTheHeap_notInTheStore() {
        Session s = new Session("c1", null, 0, store);
        s.queue().add(message("a"));
        assertThat(store.queue("c1").size()).isZero();
    }

    @Test
    void sessionThatComesToOutliveItsConnection_movesQueueInflightAndQos2IdsToTheStore(@TempDir Path dir) {
        try (RocksStore rocks = RocksStore.open(dir, Durability.ASYNC, Clock.systemUTC())) {
            movesToTheStore(rocks.sessions());
        }
    }

    private static void movesToTheStore(SessionStore store) {
        Session s = new Session("c1", null, 0, store);
        s.queue().add(message("a"));
        s.queue().add(message("b"));
        s.putInflight(new Inflight(7, message("x"), false));
        s.beginInboundQos2(9);

        s.expiryIntervalSeconds(60);

        assertThat(store.queue("c1").size()).isEqualTo(2);
        assertThat(s.queue()).isSameAs(store.queue("c1"));
        assertThat(s.queue().poll()).isEqualTo(message("a"));
        assertThat(store.inflight("c1")).extracting(Inflight::packetId).containsExactly(7);
        assertThat(store.inboundQos2("c1")).containsExactly(9);
    }

    @Test
    void persistentSession_queuesInTheStore() {
        Session s = new Session("c1", null, 60, store);
        s.queue().add(message("a"));
        assertThat(store.queue("c1").size()).isEqualTo(1);
    }

    private static Message message(String text) {
        return new Message("t/" + text, text.getBytes(StandardCharsets.UTF_8), 1, false, "pub", 1_700_000_000_000L);
    }
}
