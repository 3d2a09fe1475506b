package io.herald.broker.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.broker.BrokerConfig;
import io.herald.broker.BrokerMetrics;
import io.herald.broker.message.Message;
import io.herald.broker.message.MessageProperties;
import io.herald.broker.message.Payload;
import io.herald.broker.store.memory.MemoryStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.EventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Who holds a pooled payload while a message goes through a session: the in-flight window and the queue
 * take a reference while they keep the message and give it back when it leaves them, so the payload's
 * count is back to the creator's one reference after every path (sent, acknowledged, queued and
 * drained, dropped, discarded, shut down). The test plays the channel: it releases what it was given to
 * write. Runs on the test thread, which stands in for the session's loop.
 */
class PayloadOwnershipTest {

    private final MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final EventLoop loop = group.next();
    private final List<Message> created = new ArrayList<>();
    private Delivery delivery = delivery(BrokerConfig.builder().build());
    private final Owner owner = new Owner();

    @AfterEach
    void stop() {
        created.forEach(m -> {
            assertThat(m.payload().refCnt()).as("only the creator's reference is left: %s", m).isEqualTo(1);
            m.releasePayload();
        });
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void qos0_sentAtOnce_keepsNoReference() {
        Session s = online(0);
        Message m = pooled(0);
        delivery.deliver(s, m);
        assertThat(owner.written).isEqualTo(1);
        assertThat(m.payload().refCnt()).isEqualTo(1);
    }

    @Test
    void qos1_heldInFlightUntilPubAck() {
        Session s = online(0);
        Message m = pooled(1);
        delivery.deliver(s, m);
        assertThat(m.payload().refCnt()).isEqualTo(2);
        delivery.onPubAck(s, 1);
        assertThat(m.payload().refCnt()).isEqualTo(1);
    }

    @Test
    void qos2_heldThroughPubRecUntilPubComp() {
        Session s = online(0);
        Message m = pooled(2);
        delivery.deliver(s, m);
        delivery.onPubRec(s, 1, (byte) 0);
        assertThat(m.payload().refCnt()).isEqualTo(2);
        delivery.onPubComp(s, 1);
        assertThat(m.payload().refCnt()).isEqualTo(1);
    }

    @Test
    void windowFull_queued_thenInFlight_thenAcknowledged() {
        owner.receiveMaximum = 1;
        Session s = online(0);
        Message first = pooled(1);
        Message second = pooled(1);
        delivery.deliver(s, first);
        delivery.deliver(s, second);
        assertThat(second.payload().refCnt()).as("queued").isEqualTo(2);
        delivery.onPubAck(s, 1);
        assertThat(first.payload().refCnt()).isEqualTo(1);
        assertThat(second.payload().refCnt()).as("moved from the queue into flight").isEqualTo(2);
        delivery.onPubAck(s, 2);
        assertThat(second.payload().refCnt()).isEqualTo(1);
    }

    @Test
    void queueFull_dropOldest_releasesTheDroppedOne() {
        delivery = delivery(BrokerConfig.builder().maxQueuedMessages(1)
                .overflow(BrokerConfig.QueueOverflow.DROP_OLDEST).build());
        owner.writable = false;
        Session s = online(0);
        Message oldest = pooled(1);
        Message newest = pooled(1);
        delivery.deliver(s, oldest);
        delivery.deliver(s, newest);
        assertThat(oldest.payload().refCnt()).isEqualTo(1);
        assertThat(newest.payload().refCnt()).isEqualTo(2);
        s.discard();
    }

    @Test
    void discard_releasesWhatIsInFlightAndQueued() {
        owner.receiveMaximum = 1;
        Session s = online(0);
        Message inFlight = pooled(1);
        Message queued = pooled(1);
        delivery.deliver(s, inFlight);
        delivery.deliver(s, queued);
        s.discard();
        assertThat(inFlight.payload().refCnt()).isEqualTo(1);
        assertThat(queued.payload().refCnt()).isEqualTo(1);
    }

    @Test
    void shutdown_releasesWhatAPersistentSessionHoldsInTheMemoryStore() {
        MemoryStore store = new MemoryStore();
        Session s = new Session("c", loop, 3_600, store.sessions());
        Message m = pooled(1);
        delivery.deliver(s, m); // offline: queued in the store's heap queue
        assertThat(m.payload().refCnt()).isEqualTo(2);
        s.releasePayloads();
        assertThat(m.payload().refCnt()).isEqualTo(1);
        store.close();
    }

    @Test
    void sessionThatStartsOutlivingItsConnection_movesItsQueueWithoutLosingAReference() {
        MemoryStore store = new MemoryStore();
        owner.writable = false;
        Session s = new Session("c", loop, 0, store.sessions());
        s.attach(owner);
        Message m = pooled(1);
        delivery.deliver(s, m);
        s.expiryIntervalSeconds(60);
        assertThat(m.payload().refCnt()).as("held by the store's queue only").isEqualTo(2);
        s.discard();
        assertThat(m.payload().refCnt()).isEqualTo(1);
        store.close();
    }

    private Session online(long expirySeconds) {
        Session s = new Session("c", loop, expirySeconds, new MemoryStore().sessions());
        s.attach(owner);
        return s;
    }

    private Message pooled(int qos) {
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.directBuffer(16).writeBytes(new byte[] {1, 2, 3});
        Message m = new Message("t", Payload.adopt(buf), qos, false, "pub", System.currentTimeMillis(),
                Message.NEVER, MessageProperties.NONE);
        created.add(m);
        return m;
    }

    private static Delivery delivery(BrokerConfig config) {
        return new Delivery(config, new BrokerMetrics(new SimpleMeterRegistry()), Clock.systemUTC());
    }

    /** A connection that writes at once: it takes the payload for the write and releases it, as the channel does. */
    private static final class Owner extends StubOwner {
        int receiveMaximum = 65_535;
        boolean writable = true;
        int written;

        Owner() {
            super(5);
        }

        @Override
        public boolean sendPublish(Message message, int packetId, boolean dup) {
            message.payload().retainedBuffer().release();
            written++;
            return true;
        }

        @Override
        public int receiveMaximum() {
            return receiveMaximum;
        }

        @Override
        public boolean writable() {
            return writable;
        }
    }
}
