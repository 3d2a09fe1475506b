package io.herald.broker.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.broker.BrokerConfig;
import io.herald.broker.BrokerMetrics;
import io.herald.broker.BrokerMetrics.DropReason;
import io.herald.broker.DisconnectReason;
import io.herald.broker.message.Message;
import io.herald.broker.store.RetainedStore;
import io.herald.broker.store.memory.MemoryStore;
import io.herald.broker.topic.Subscription;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.handler.codec.mqtt.MqttMessage;
import java.net.SocketAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import org.junit.jupiter.api.Test;

/**
 * Retained messages on SUBSCRIBE are paced, never dropped: a message admitted while the connection was
 * writable goes out even when the connection's loop (another thread) flips it unwritable before the
 * message is handed over.
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
        RetainedReplay replay = new RetainedReplay(session, Subscription.of("a/#", 0), List.of("a/1", "a/2"),
                topic -> true);

        assertThat(replay.send(delivery, retained)).isEqualTo(RetainedReplay.Progress.BLOCKED);
        assertThat(owner.sent).containsExactly("a/1");
        assertThat(metrics.droppedCount(DropReason.NOT_WRITABLE)).isZero();
    }

    /** A connection whose writability answers are given in advance, then false. */
    private static final class FlippingOwner implements SessionOwner {
        final Queue<Boolean> writable = new ArrayDeque<>();
        final List<String> sent = new ArrayList<>();

        FlippingOwner(Boolean... answers) {
            writable.addAll(List.of(answers));
        }

        @Override
        public boolean writable() {
            Boolean next = writable.poll();
            return next != null && next;
        }

        @Override
        public boolean sendPublish(Message message, int packetId, boolean dup) {
            sent.add(message.topic());
            return true;
        }

        @Override
        public void send(MqttMessage packet) {}

        @Override
        public int receiveMaximum() {
            return 65_535;
        }

        @Override
        public SocketAddress remoteAddress() {
            return null;
        }

        @Override
        public int protocolLevel() {
            return 4;
        }

        @Override
        public String transport() {
            return "tcp";
        }

        @Override
        public Instant connectedSince() {
            return Instant.EPOCH;
        }

        @Override
        public Rights rights() {
            return null;
        }

        @Override
        public int updateRights(Rights rights) {
            return 0;
        }

        @Override
        public void takenOver() {}

        @Override
        public void disconnect(DisconnectReason reason, String why) {}
    }
}
