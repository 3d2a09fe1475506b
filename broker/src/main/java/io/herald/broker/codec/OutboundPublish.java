package io.herald.broker.codec;

import io.herald.broker.message.Message;
import io.netty.buffer.ByteBufUtil;

/**
 * One subscriber's PUBLISH as a connection writes it to its channel: the message, packet identifier,
 * DUP flag, protocol level, the remaining Message Expiry Interval [MQTT-3.3.2-6] and the topic alias,
 * with the sizes of its parts, computed once here and used both for the client's Maximum Packet Size
 * [MQTT-3.1.2-24] and by {@link PublishEncoder}, which writes it.
 *
 * <p>Holds no reference to the payload: the encoder takes its own ({@code Payload.retainedBuffer()})
 * when it writes the packet, so an {@code OutboundPublish} that is dropped leaks nothing. The writer
 * must therefore write it on the channel's event loop (the pipeline then runs during the call) while
 * it still holds the message.
 *
 * <p>Immutable.
 */
public final class OutboundPublish {

    /** The largest Remaining Length a packet can declare: four bytes of variable byte integer. */
    static final int MAX_REMAINING_LENGTH = 268_435_455;

    private final Message message;
    private final int packetId;
    private final boolean dup;
    private final boolean v5;
    /** Seconds left of the Message Expiry Interval, -1 when the message has none. */
    private final long expirySeconds;
    /** The Topic Alias property to send, 0 for none. */
    private final int alias;
    /** The client has the alias already: the topic name is sent empty. */
    private final boolean aliasKnown;
    /** UTF-8 bytes of the topic name. */
    private final int topicBytes;
    /** Bytes of the MQTT 5 properties without the topic alias; -1 for MQTT 3, which has none. */
    private final int propertiesBytes;

    private OutboundPublish(Message message, int packetId, boolean dup, boolean v5, long expirySeconds, int alias,
            boolean aliasKnown, int topicBytes, int propertiesBytes) {
        this.message = message;
        this.packetId = packetId;
        this.dup = dup;
        this.v5 = v5;
        this.expirySeconds = expirySeconds;
        this.alias = alias;
        this.aliasKnown = aliasKnown;
        this.topicBytes = topicBytes;
        this.propertiesBytes = propertiesBytes;
    }

    /**
     * The PUBLISH of {@code message} without a topic alias.
     *
     * @param packetId the packet identifier, ignored at QoS 0
     * @param nowMillis now, on the clock of the message's expiry
     */
    public static OutboundPublish of(Message message, int packetId, boolean dup, boolean v5, long nowMillis) {
        long expiry = v5 ? message.remainingExpirySeconds(nowMillis) : -1;
        return new OutboundPublish(message, packetId, dup, v5, expiry, 0, false,
                ByteBufUtil.utf8Bytes(message.topic()),
                v5 ? PublishEncoding.propertiesLength(message.properties(), expiry) : -1);
    }

    /**
     * The same PUBLISH with topic alias {@code alias} (MQTT 5 only; 0 for none).
     *
     * @param known true when the client already has the alias: the topic name is sent empty
     */
    public OutboundPublish withAlias(int alias, boolean known) {
        if (!v5 && alias != 0) {
            throw new IllegalArgumentException("topic aliases are MQTT 5 only");
        }
        if (alias == 0 && this.alias == 0) {
            return this;
        }
        return new OutboundPublish(message, packetId, dup, v5, expirySeconds, alias, alias != 0 && known, topicBytes,
                propertiesBytes);
    }

    public Message message() {
        return message;
    }

    public int packetId() {
        return packetId;
    }

    public boolean dup() {
        return dup;
    }

    public boolean v5() {
        return v5;
    }

    /** Seconds left of the Message Expiry Interval, -1 when the message has none (always -1 for MQTT 3). */
    public long expirySeconds() {
        return expirySeconds;
    }

    /** The Topic Alias property, 0 for none. */
    public int alias() {
        return alias;
    }

    public boolean aliasKnown() {
        return aliasKnown;
    }

    /** UTF-8 bytes of the full topic name. */
    public int topicBytes() {
        return topicBytes;
    }

    /** UTF-8 bytes of the topic name as sent: none when a known alias stands for it. */
    public int topicBytesOnWire() {
        return aliasKnown ? 0 : topicBytes;
    }

    /** Bytes of the MQTT 5 properties as sent (alias included); -1 for MQTT 3. */
    public int propertiesLength() {
        return propertiesBytes < 0 || alias == 0 ? propertiesBytes
                : propertiesBytes + PublishEncoding.ALIAS_PROPERTY_BYTES;
    }

    /** The Remaining Length of the packet: variable header and payload. */
    public long remainingLength() {
        return variableHeaderLength() + message.payload().length();
    }

    /** The bytes in front of the payload: fixed header and variable header. */
    public int headerLength() {
        return 1 + PublishEncoding.varIntSize(remainingLength()) + variableHeaderLength();
    }

    /** The size of the whole packet on the wire. */
    public long packetSize() {
        long remaining = remainingLength();
        return 1 + PublishEncoding.varIntSize(remaining) + remaining;
    }

    private int variableHeaderLength() {
        return PublishEncoding.variableHeaderLength(topicBytesOnWire(), message.qos(), propertiesLength());
    }

    @Override
    public String toString() {
        return "OutboundPublish[" + message + ", id=" + packetId + ", dup=" + dup + ", v5=" + v5 + ", alias=" + alias
                + (aliasKnown ? " (known)" : "") + "]";
    }
}
