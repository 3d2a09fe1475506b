package io.herald.broker.store.rocks;

import io.herald.broker.message.Inflight;
import io.herald.broker.message.Message;
import io.herald.broker.message.Payload;
import io.herald.broker.message.MessageProperties;
import io.herald.broker.publish.UserProperty;
import io.herald.broker.store.SessionRecord;
import io.herald.broker.topic.Subscription;
import java.util.ArrayList;
import java.util.List;

/**
 * The binary encoding of every value the store writes. Each value starts with a record version byte
 * ({@link #VERSION}), so that a later format can read old records next to new ones.
 *
 * <pre>
 * message      flags u8 (bits 0-1 QoS, 2 retain, 3 has expiry, 4 has properties), topic, publisher id,
 *              created-at varint, [expires-at varint], [properties], payload
 * properties   payload format + 1 u8 (0 absent), content type?, response topic?, correlation data?,
 *              user property count varint + (name, value)*, subscription id count varint + id varint*
 * session      version, expiry interval varint, offline-since millis varint (0 while attached),
 *              subscription count varint + (filter, options u8, subscription id varint)*; options
 *              bits 0-1 QoS, 2 no local, 3 retain as published, 4-5 retain handling, 6 filtered
 * queued       version, Message.size() varint, message
 * in-flight    version, send order varint, released u8, message
 * in-flight of a queued message  version 2, send order varint, released u8, queue sequence number varint:
 *              the message stays in its queue record, which is deleted with this one
 * retained     version, message
 * </pre>
 * Strings are varint length + UTF-8; "?" marks a nullable one (length + 1, 0 for null).
 */
final class Records {

    static final int VERSION = 1;
    /** The version of an in-flight record that refers to its message's queue record. */
    static final int QUEUED_INFLIGHT_VERSION = 2;

    private static final int QOS_MASK = 0x03;
    private static final int RETAIN = 0x04;
    private static final int HAS_EXPIRY = 0x08;
    private static final int HAS_PROPERTIES = 0x10;
    /** A message record that carries a tracking id after its properties (a later addition; older records lack it). */
    private static final int HAS_TRACKING = 0x20;
    /** Subscription options bit: delivered topics are checked against the client's rights. */
    private static final int FILTERED = 0x40;

    private Records() {}

    /** A session as stored: the broker's record and when its connection closed (0 while attached). */
    record StoredSession(SessionRecord record, long offlineSinceMillis) {}

    /**
     * An in-flight record as stored: its place in send order, and either the in-flight message or, for
     * a message that went in flight from its queue, the sequence number of that queue record.
     *
     * @param inflight null when {@code queueSeq} says where the message is
     * @param queueSeq -1 when the record holds the message itself
     */
    record StoredInflight(long order, Inflight inflight, int packetId, boolean released, long queueSeq) {}

    static byte[] session(SessionRecord r, long offlineSinceMillis) {
        RecordWriter w = new RecordWriter(32 + 32 * r.subscriptions().size()).u8(VERSION)
                .varint(r.expiryIntervalSeconds()).varint(offlineSinceMillis).varint(r.subscriptions().size());
        for (Subscription s : r.subscriptions()) {
            w.string(s.filter())
                    .u8(s.qos() | (s.noLocal() ? 0x04 : 0) | (s.retainAsPublished() ? 0x08 : 0) | s.retainHandling() << 4
                            | (s.filtered() ? FILTERED : 0))
                    .varint(s.subscriptionId());
        }
        return w.toByteArray();
    }

    static StoredSession session(String clientId, byte[] value) {
        RecordReader r = reader(value, "session of client " + clientId);
        long expiry = r.varint();
        long offlineSince = r.varint();
        int n = r.varint32();
        List<Subscription> subs = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String filter = r.string();
            int options = r.u8();
            int subscriptionId = r.varint32();
            try {
                subs.add(new Subscription(filter, options & 0x03, (options & 0x04) != 0, (options & 0x08) != 0,
                        (options >>> 4) & 0x03, subscriptionId, (options & FILTERED) != 0));
            } catch (IllegalArgumentException e) {
                throw r.corrupt(e.getMessage());
            }
        }
        r.end();
        return new StoredSession(new SessionRecord(clientId, expiry, subs), offlineSince);
    }

    static byte[] queued(Message m) {
        return message(new RecordWriter(64 + m.payload().length()).u8(VERSION).varint(m.size()), m);
    }

    static Message queued(byte[] value, String clientId) {
        RecordReader r = reader(value, "queued message of client " + clientId);
        r.varint();
        return message(r);
    }

    /** The {@link Message#size()} a queued record holds, without decoding the message. */
    static long queuedSize(byte[] value, String clientId) {
        return reader(value, "queued message of client " + clientId).varint();
    }

    static byte[] inflight(long order, Inflight f) {
        RecordWriter w = new RecordWriter(64 + f.message().payload().length()).u8(VERSION).varint(order)
                .u8(f.released() ? 1 : 0);
        return message(w, f.message());
    }

    /** The in-flight record of a message that stays in the queue record {@code queueSeq}. */
    static byte[] queuedInflight(long order, boolean released, long queueSeq) {
        return new RecordWriter(24).u8(QUEUED_INFLIGHT_VERSION).varint(order).u8(released ? 1 : 0).varint(queueSeq)
                .toByteArray();
    }

    static StoredInflight inflight(int packetId, byte[] value, String clientId) {
        RecordReader r = new RecordReader(value, "in-flight message " + packetId + " of client " + clientId);
        int version = r.u8();
        long order = r.varint();
        boolean released = r.u8() != 0;
        if (version == QUEUED_INFLIGHT_VERSION) {
            long seq = r.varint();
            r.end();
            return new StoredInflight(order, null, packetId, released, seq);
        }
        if (version != VERSION) {
            throw r.corrupt("record version " + version + ", expected " + VERSION + " or " + QUEUED_INFLIGHT_VERSION);
        }
        return new StoredInflight(order, new Inflight(packetId, message(r), released), packetId, released, -1);
    }

    /** The send order and queue record of an in-flight record, without decoding a message. */
    static StoredInflight inflightSlot(int packetId, byte[] value, String clientId) {
        RecordReader r = new RecordReader(value, "in-flight message " + packetId + " of client " + clientId);
        int version = r.u8();
        if (version != VERSION && version != QUEUED_INFLIGHT_VERSION) {
            throw r.corrupt("record version " + version + ", expected " + VERSION + " or " + QUEUED_INFLIGHT_VERSION);
        }
        long order = r.varint();
        boolean released = r.u8() != 0;
        return new StoredInflight(order, null, packetId, released,
                version == QUEUED_INFLIGHT_VERSION ? r.varint() : -1);
    }

    static byte[] retained(Message m) {
        return message(new RecordWriter(64 + m.payload().length()).u8(VERSION), m);
    }

    static Message retained(byte[] value, String topic) {
        return message(reader(value, "retained message of topic " + topic));
    }

    /** The value of an inbound QoS 2 packet id record: the key says everything. */
    static byte[] marker() {
        return new byte[] {VERSION};
    }

    private static RecordReader reader(byte[] value, String what) {
        RecordReader r = new RecordReader(value, what);
        int version = r.u8();
        if (version != VERSION) {
            throw r.corrupt("record version " + version + ", expected " + VERSION);
        }
        return r;
    }

    private static byte[] message(RecordWriter w, Message m) {
        MessageProperties p = m.properties();
        boolean hasExpiry = m.expiresAtMillis() != Message.NEVER;
        w.u8(m.qos() | (m.retain() ? RETAIN : 0) | (hasExpiry ? HAS_EXPIRY : 0) | (p.isEmpty() ? 0 : HAS_PROPERTIES)
                | (m.trackingId() == null ? 0 : HAS_TRACKING))
                .string(m.topic()).string(m.publisherId()).varint(m.createdAtMillis());
        if (hasExpiry) {
            w.varint(m.expiresAtMillis());
        }
        if (!p.isEmpty()) {
            w.u8(p.payloadFormat() + 1).nullableString(p.contentType()).nullableString(p.responseTopic())
                    .nullableBytes(p.correlationData()).varint(p.userProperties().size());
            for (UserProperty u : p.userProperties()) {
                w.string(u.name()).string(u.value());
            }
            w.varint(p.subscriptionIds().size());
            for (int id : p.subscriptionIds()) {
                w.varint(id);
            }
        }
        if (m.trackingId() != null) {
            w.string(m.trackingId());
        }
        return w.payload(m.payload()).toByteArray();
    }

    private static Message message(RecordReader r) {
        int flags = r.u8();
        String topic = r.string();
        String publisherId = r.string();
        long createdAt = r.varint();
        long expiresAt = (flags & HAS_EXPIRY) != 0 ? r.varint() : Message.NEVER;
        MessageProperties props = (flags & HAS_PROPERTIES) != 0 ? properties(r) : MessageProperties.NONE;
        String trackingId = (flags & HAS_TRACKING) != 0 ? r.string() : null;
        byte[] payload = r.bytes();
        r.end();
        try {
            return new Message(topic, Payload.of(payload), flags & QOS_MASK, (flags & RETAIN) != 0, publisherId,
                    createdAt, expiresAt, props, trackingId);
        } catch (IllegalArgumentException e) {
            throw r.corrupt(e.getMessage());
        }
    }

    private static MessageProperties properties(RecordReader r) {
        int payloadFormat = r.u8() - 1;
        String contentType = r.nullableString();
        String responseTopic = r.nullableString();
        byte[] correlationData = r.nullableBytes();
        int n = r.varint32();
        List<UserProperty> user = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            user.add(new UserProperty(r.string(), r.string()));
        }
        int m = r.varint32();
        List<Integer> ids = new ArrayList<>(m);
        for (int i = 0; i < m; i++) {
            ids.add(r.varint32());
        }
        return new MessageProperties(payloadFormat, contentType, responseTopic, correlationData, user, ids);
    }
}
