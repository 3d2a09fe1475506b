package io.herald.broker.message;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.util.IllegalReferenceCountException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * The payload of an application message, shared by every holder of the message and never copied on
 * its way to subscribers: each PUBLISH written to a socket carries a duplicate view of the same bytes
 * ({@link #retainedBuffer()}). Its content never changes.
 *
 * <p>Two kinds. A <em>heap</em> payload ({@link #of(byte[])}) belongs to the garbage collector:
 * {@link #retain()} and {@link #release()} do nothing, so it may be kept and shared freely (messages
 * from the store, wills, the platform's publishes, the retained store's copies). A <em>pooled</em>
 * payload ({@link #adopt}, {@link #fromInbound}) is a view of a pooled network buffer, reference
 * counted: the buffer goes back to the pool when the last holder released it.
 *
 * <p>Ownership: whoever creates a message owns one reference and releases it when done with it; a
 * method that is handed a message borrows it for the call, and takes its own reference
 * ({@link Message#retainPayload()}) only if it keeps the message beyond the call (a session's in-flight window
 * and queue, a task for another loop); it releases that reference when the message leaves it. Using a
 * released payload throws {@link IllegalReferenceCountException}: a payload object is never reused, so
 * a holder that released too early fails loudly instead of reading bytes that belong to another message.
 *
 * <p>Threads: the content is immutable; the reference count is atomic, so holders on different loops
 * retain and release the same payload.
 */
public final class Payload {

    /** An inbound payload smaller than this share of the network buffer it arrived in is copied out. */
    static final int MAX_PINNED_RATIO = 4;

    private static final AtomicIntegerFieldUpdater<Payload> REFS =
            AtomicIntegerFieldUpdater.newUpdater(Payload.class, "refs");

    public static final Payload EMPTY = of(new byte[0]);

    /** The payload's bytes: its readable bytes, never written; the reference this payload holds. */
    private final ByteBuf buf;
    private final boolean counted;
    /** Holders of a pooled payload; 0 once released. Unused for heap payloads. */
    private volatile int refs;

    private Payload(ByteBuf buf, boolean counted) {
        this.buf = buf;
        this.counted = counted;
        this.refs = 1;
    }

    /** A heap payload of {@code bytes}, which the caller must not modify afterwards. */
    public static Payload of(byte[] bytes) {
        return new Payload(Unpooled.wrappedBuffer(bytes), false);
    }

    /** A pooled payload of {@code buf}'s readable bytes; takes over the caller's reference to {@code buf}. */
    public static Payload adopt(ByteBuf buf) {
        return new Payload(buf, true);
    }

    /**
     * The payload of an inbound PUBLISH: {@code slice} (a view of the network buffer the packet arrived
     * in) is kept when it takes at least a quarter of that buffer, so a large payload goes from socket
     * to sockets without a copy; a smaller one is copied once into a buffer of its own size, so that a
     * message held for long (queued, in flight) never pins a network buffer many times its size. Takes
     * over the caller's reference to {@code slice}.
     */
    public static Payload fromInbound(ByteBuf slice, ByteBufAllocator alloc) {
        int length = slice.readableBytes();
        if (length == 0) {
            slice.release();
            return EMPTY;
        }
        if ((long) length * MAX_PINNED_RATIO >= root(slice).capacity()) {
            return adopt(slice);
        }
        try {
            return adopt(alloc.directBuffer(length, length).writeBytes(slice, slice.readerIndex(), length));
        } finally {
            slice.release();
        }
    }

    private static ByteBuf root(ByteBuf buf) {
        ByteBuf root = buf;
        while (root.unwrap() != null) {
            root = root.unwrap();
        }
        return root;
    }

    public int length() {
        return buf.readableBytes();
    }

    /** A copy of the bytes, for readers outside the delivery path (the platform, the store, the API). */
    public byte[] bytes() {
        return ByteBufUtil.getBytes(live());
    }

    /** Copies the bytes into {@code dst} from {@code offset}. */
    public void copyTo(byte[] dst, int offset) {
        live().getBytes(buf.readerIndex(), dst, offset, length());
    }

    /** Appends the bytes to {@code out}. */
    public void copyTo(ByteBuf out) {
        out.writeBytes(live(), buf.readerIndex(), length());
    }

    /**
     * A view of the bytes with a reference of its own, for one write to a socket: the channel releases
     * it once written. The bytes are not copied.
     */
    public ByteBuf retainedBuffer() {
        return live().retainedDuplicate();
    }

    /** Whether the bytes are well-formed UTF-8 (the MQTT 5 payload format indicator 1). */
    public boolean isUtf8() {
        return isUtf8(live().nioBuffer());
    }

    /**
     * Whether {@code bytes} (their remaining ones) are well-formed UTF-8: what the MQTT 5 payload format
     * indicator 1 promises, for a PUBLISH, a will and an in-process publish alike.
     */
    public static boolean isUtf8(ByteBuffer bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().decode(bytes);
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    public String toString(Charset charset) {
        return live().toString(charset);
    }

    /** A heap payload with the same bytes: this one if it is one. */
    public Payload onHeap() {
        return counted ? of(bytes()) : this;
    }

    /** Adds a holder; nothing for a heap payload. */
    public Payload retain() {
        if (counted) {
            int n;
            do {
                n = refs;
                if (n == 0) {
                    throw new IllegalReferenceCountException(0, 1);
                }
            } while (!REFS.compareAndSet(this, n, n + 1));
        }
        return this;
    }

    /** Drops a holder; the last one gives the buffer back to its pool. Nothing for a heap payload. */
    public void release() {
        if (!counted) {
            return;
        }
        int n = REFS.getAndDecrement(this);
        if (n == 1) {
            buf.release();
        } else if (n <= 0) {
            REFS.incrementAndGet(this);
            throw new IllegalReferenceCountException(n, -1);
        }
    }

    /** The number of holders of a pooled payload, 0 once released; 1 for a heap payload. */
    public int refCnt() {
        return counted ? refs : 1;
    }

    private ByteBuf live() {
        if (counted && refs == 0) {
            throw new IllegalReferenceCountException(0);
        }
        return buf;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Payload p && ByteBufUtil.equals(live(), p.live());
    }

    @Override
    public int hashCode() {
        return ByteBufUtil.hashCode(live());
    }

    @Override
    public String toString() {
        return "Payload[" + length() + " bytes" + (counted ? ", pooled, refs=" + refs : "") + "]";
    }
}
