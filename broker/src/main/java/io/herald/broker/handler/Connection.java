package io.herald.broker.handler;

import io.herald.broker.DisconnectReason;
import io.herald.broker.codec.OutboundPublish;
import io.herald.broker.codec.Packets;
import io.herald.broker.codec.Props;
import io.herald.broker.codec.PublishEncoding;
import io.herald.broker.message.Message;
import io.herald.broker.session.RetainedReplay;
import io.herald.broker.session.Rights;
import io.herald.broker.session.Session;
import io.herald.broker.session.SessionOwner;
import io.herald.broker.session.Will;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.util.ReferenceCountUtil;
import java.net.SocketAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * One client network connection and its protocol state.
 *
 * <p>Threads: one. Until CONNECT the connection lives on the loop that accepted it; CONNECT moves the
 * channel onto the loop that owns its client id's session ({@link MqttConnectionHandler}), and from
 * {@link #bindSessionLoop} on the channel's loop and the session loop are the same thread, which owns
 * every mutable field here. Packets are written to the channel where they are produced and flushed
 * once per loop turn ({@link LoopFlush}), so a burst of deliveries costs one flush.
 */
final class Connection implements SessionOwner {

    enum State {
        AWAITING_CONNECT,
        CONNECTING,
        CONNECTED,
        CLOSED
    }

    static final int MAX_PENDING_WHILE_CONNECTING = 1_000;
    private final Channel channel;
    private final Clock clock;
    private final ConnectionRights rightsChanges;
    private final String transport;
    /** Written since the last flush; the loop's {@link LoopFlush} flushes it at the end of the turn. */
    private boolean unflushed;
    /** The connection is ending: what is still sent is dropped. */
    private boolean closing;

    private EventLoop sessionLoop;
    State state = State.AWAITING_CONNECT;
    MqttVersion version = MqttVersion.MQTT_3_1_1;
    String clientId;
    /** The client's identity and what it may do, from CONNECT (or the last re-authentication) on. */
    Rights rights;
    /** Where the credential's expiry is watched, or null. */
    CredentialExpiry.Entry expiry;
    /** When CONNACK accepted the connection, on the broker's clock; null before. */
    Instant connectedSince;
    /** Why the connection ended, in words, for the Disconnected event; null while it lives. */
    String closeReason;
    Session session;
    Will will;
    boolean cleanDisconnect;
    /** Set once CONNACK accepted the connection: from then on an abnormal end publishes the will. */
    boolean accepted;
    /** The broker chose the client id (empty in CONNECT); MQTT 5 tells the client which. */
    boolean assignedClientId;
    /** Packets that arrived while CONNECT was being decided, from the first such packet on; else null. */
    private List<Object> pendingWhileConnecting;
    final AckSequencer acks = new AckSequencer();
    /**
     * Retained messages still to send for this connection's subscriptions, oldest SUBSCRIBE first; null
     * while there are none.
     */
    ArrayDeque<RetainedReplay> replays;

    // MQTT 5 limits the client asked for in CONNECT, and whether it wants reason strings
    int clientReceiveMaximum = 65_535;
    long clientMaximumPacketSize = Long.MAX_VALUE;
    boolean problemInformation = true;
    /** The Session Expiry Interval the connection started with; DISCONNECT may not raise it from 0. */
    long connectExpiryInterval;
    final TopicAliases aliases;
    /** MQTT 5 enhanced authentication in progress, or null. */
    EnhancedAuth auth;
    /** The CONNECT's MQTT 5 Authentication Method, or null: re-authentication must use the same. */
    String authMethod;

    Connection(Channel channel, Clock clock, int topicAliasMaximum, ConnectionRights rightsChanges,
            String transport) {
        this.channel = channel;
        this.clock = clock;
        this.rightsChanges = rightsChanges;
        this.transport = transport;
        this.aliases = new TopicAliases(topicAliasMaximum);
    }

    Channel channel() {
        return channel;
    }

    Clock clock() {
        return clock;
    }

    EventLoop sessionLoop() {
        return sessionLoop;
    }

    void bindSessionLoop(EventLoop loop) {
        sessionLoop = loop;
    }

    boolean v5() {
        return version == MqttVersion.MQTT_5;
    }

    /** Holds a packet that arrived before CONNACK; false when too many are held already. Session loop. */
    boolean holdWhileConnecting(Object packet) {
        if (pendingWhileConnecting == null) {
            pendingWhileConnecting = new ArrayList<>();
        } else if (pendingWhileConnecting.size() >= MAX_PENDING_WHILE_CONNECTING) {
            return false;
        }
        pendingWhileConnecting.add(packet);
        return true;
    }

    /** Drops the packets held until CONNACK: the connection ended before it. Session loop. */
    void dropHeldPackets() {
        for (Object packet : takeHeldPackets()) {
            if (packet instanceof PublishPacket p) {
                p.release();
            }
        }
    }

    /** The packets held until CONNACK, in arrival order; the connection holds none afterwards. Session loop. */
    List<Object> takeHeldPackets() {
        List<Object> held = pendingWhileConnecting == null ? List.of() : pendingWhileConnecting;
        pendingWhileConnecting = null;
        return held;
    }

    @Override
    public void send(MqttMessage packet) {
        write(packet);
    }

    /**
     * Writes a packet ({@link MqttMessage} or {@link OutboundPublish}) on the channel's loop, which runs
     * the pipeline during the call: an {@link OutboundPublish} takes its payload reference in there.
     */
    private void write(Object packet) {
        if (closing || !channel.isActive()) {
            ReferenceCountUtil.release(packet);
            return;
        }
        channel.write(packet, channel.voidPromise());
        if (!channel.isWritable()) {
            // what this turn wrote passed the high-water mark: out with it now rather than at the end of
            // the turn, so that writability tells whether the client keeps up, not how much we batched
            unflushed = false;
            channel.flush();
            return;
        }
        if (!unflushed) {
            unflushed = true;
            LoopFlush.of(channel.eventLoop()).add(this);
        }
    }

    /** Flushes what was written this turn. Called by the loop's {@link LoopFlush}. */
    void flush() {
        if (unflushed) {
            unflushed = false;
            channel.flush();
        }
    }

    /**
     * Session loop, which is the channel's: the encoder takes its reference to the payload while the
     * write runs the pipeline, during this call, while the caller still holds the message.
     */
    @Override
    public boolean sendPublish(Message message, int packetId, boolean dup) {
        if (!channel.eventLoop().inEventLoop()) {
            throw new IllegalStateException("a PUBLISH to " + this + " written outside the channel's loop");
        }
        OutboundPublish publish = OutboundPublish.of(message, packetId, dup, v5(), clock.millis());
        if (publish.v5()) {
            publish = aliasWithin(publish);
            if (publish == null) {
                return false;
            }
        }
        write(publish);
        return true;
    }

    /**
     * {@code publish} with the topic alias that keeps it within the client's Maximum Packet Size
     * [MQTT-3.1.2-24]: a new alias costs three bytes, a known one saves the topic name; null if even the
     * smallest form is too large. Session loop.
     */
    private OutboundPublish aliasWithin(OutboundPublish publish) {
        String topic = publish.message().topic();
        long full = publish.packetSize();
        if (full + PublishEncoding.ALIAS_PROPERTY_BYTES <= clientMaximumPacketSize) {
            TopicAliases.Outbound alias = aliases.forOutbound(topic);
            return publish.withAlias(alias.alias(), alias.known());
        }
        TopicAliases.Outbound known = aliases.known(topic);
        long smallest = known.known()
                ? full - publish.topicBytes() + PublishEncoding.ALIAS_PROPERTY_BYTES
                : full;
        return smallest <= clientMaximumPacketSize ? publish.withAlias(known.alias(), known.known()) : null;
    }

    @Override
    public Rights rights() {
        return rights;
    }

    @Override
    public SocketAddress remoteAddress() {
        return channel.remoteAddress();
    }

    @Override
    public int protocolLevel() {
        return version.protocolLevel();
    }

    @Override
    public String transport() {
        return transport;
    }

    @Override
    public Instant connectedSince() {
        return connectedSince;
    }

    @Override
    public int updateRights(Rights value) {
        return rightsChanges.replace(this, value);
    }

    @Override
    public int receiveMaximum() {
        return clientReceiveMaximum;
    }

    @Override
    public boolean writable() {
        return channel.isWritable();
    }

    /** Session loop: packets still queued from this connection are ignored from now on. */
    @Override
    public void takenOver() {
        disconnect(DisconnectReason.SESSION_TAKEN_OVER, "another connection took the session over");
    }

    @Override
    public void disconnect(DisconnectReason reason, String why) {
        if (state != State.CLOSED) {
            disconnect((byte) reason.reasonCode(), why);
        }
    }

    /**
     * Ends the connection from the server side: an MQTT 5 client first gets DISCONNECT with
     * {@code reasonCode} [MQTT-4.13.1-1]; an MQTT 3 client is just disconnected. Not a normal
     * DISCONNECT by the client, so the will is published.
     */
    void disconnect(byte reasonCode, String reason) {
        state = State.CLOSED;
        ended(reason);
        if (v5() && accepted) {
            MqttProperties props = Props.reasonWithin(problemInformation ? reason : null, 1, clientMaximumPacketSize);
            send(Packets.disconnect(reasonCode, props));
            closeAfterFlush();
        } else {
            close();
        }
    }

    /**
     * Sends what is queued, then closes so that the client can read it even while it is still sending
     * (after a DISCONNECT or a refusing CONNACK): see {@link LingeringClose}.
     */
    void closeAfterFlush() {
        if (!closing) {
            closing = true;
            unflushed = false;
            LingeringClose.start(channel); // flushes what was written before it
        }
    }

    void close() {
        channel.close();
    }

    /** Records why the connection ends, unless a reason was recorded first. Session loop. */
    void ended(String reason) {
        if (closeReason == null) {
            closeReason = reason;
        }
    }

    @Override
    public String toString() {
        return "Connection[" + clientId + " " + channel.remoteAddress() + "]";
    }
}
