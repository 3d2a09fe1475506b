package io.herald.broker.handler;

import io.herald.broker.auth.ClientIdentity;
import io.herald.broker.codec.Packets;
import io.herald.broker.message.Message;
import io.herald.broker.session.Session;
import io.herald.broker.session.SessionOwner;
import io.herald.broker.session.Will;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One client network connection and its protocol state.
 *
 * <p>Threads: {@link #sessionLoop} is set on the channel's loop before the first packet is handed to
 * the session loop and never changes; every other mutable field is owned by the session loop.
 * Outbound packets from any thread go through a lock-free outbox that the channel's loop drains and
 * flushes in one go, so a burst of deliveries costs one flush.
 */
final class Connection implements SessionOwner {

    enum State {
        AWAITING_CONNECT,
        CONNECTING,
        CONNECTED,
        CLOSED
    }

    private static final Object CLOSE = new Object();
    static final int MAX_PENDING_WHILE_CONNECTING = 1_000;

    private final Channel channel;
    private final Queue<Object> outbox = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final Runnable drainTask = this::drain;

    private EventLoop sessionLoop;
    State state = State.AWAITING_CONNECT;
    MqttVersion version;
    String clientId;
    ClientIdentity identity;
    Session session;
    Will will;
    boolean cleanDisconnect;
    /** Set once CONNACK accepted the connection: from then on an abnormal end publishes the will. */
    boolean accepted;
    final List<Object> pendingWhileConnecting = new ArrayList<>();
    final AckSequencer acks = new AckSequencer();

    Connection(Channel channel) {
        this.channel = channel;
    }

    Channel channel() {
        return channel;
    }

    EventLoop sessionLoop() {
        return sessionLoop;
    }

    void bindSessionLoop(EventLoop loop) {
        sessionLoop = loop;
    }

    @Override
    public void send(MqttMessage packet) {
        outbox.offer(packet);
        scheduleDrain();
    }

    @Override
    public void sendPublish(Message message, int packetId, boolean dup) {
        send(Packets.publish(message, packetId, dup));
    }

    @Override
    public boolean writable() {
        return channel.isWritable();
    }

    /** Session loop: packets still queued from this connection are ignored from now on. */
    @Override
    public void takenOver() {
        state = State.CLOSED;
        close();
    }

    /** Sends what is queued, then closes (after a refusing CONNACK, for example). */
    void closeAfterFlush() {
        outbox.offer(CLOSE);
        scheduleDrain();
    }

    void close() {
        channel.close();
    }

    private void scheduleDrain() {
        if (drainScheduled.compareAndSet(false, true)) {
            channel.eventLoop().execute(drainTask);
        }
    }

    /** Runs on the channel's loop. Resetting the flag before polling keeps every offer covered. */
    private void drain() {
        drainScheduled.set(false);
        Object next;
        boolean wrote = false;
        while ((next = outbox.poll()) != null) {
            if (next == CLOSE) {
                channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
                while ((next = outbox.poll()) != null) {
                    ReferenceCountUtil.release(next);
                }
                return;
            }
            if (!channel.isActive()) {
                ReferenceCountUtil.release(next);
                continue;
            }
            channel.write(next, channel.voidPromise());
            wrote = true;
        }
        if (wrote) {
            channel.flush();
        }
    }

    @Override
    public String toString() {
        return "Connection[" + clientId + " " + channel.remoteAddress() + "]";
    }
}
