package io.herald.broker.codec;

import io.netty.handler.codec.DecoderException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Bounds the memory that packets still arriving can pin across all connections. A packet up to
 * {@link #LARGE_PACKET} bytes is buffered freely (each connection holds at most one); the bytes
 * buffered for a larger packet that is still incomplete count against one broker-wide budget, and the
 * connection whose packet would take the budget past its limit is ended (MQTT 5: DISCONNECT 0x97,
 * quota exceeded). The bytes come back when the packet completes or its connection closes. Together
 * with the keep alive, which only whole packets reset, a client that trickles a large packet can hold
 * a share of the budget for at most one and a half keep-alive periods.
 *
 * <p>Threads: thread-safe; one instance per broker, shared by every connection.
 */
public final class PartialPacketBudget {

    /** Packets up to this size are not counted: 64 KiB. */
    public static final int LARGE_PACKET = 64 * 1024;

    /** The budget when {@code maxPacketSize} is small: 32 MiB. */
    public static final long MIN_BUDGET = 32L * 1024 * 1024;

    private final long limit;
    private final AtomicLong used = new AtomicLong();

    public PartialPacketBudget(long limit) {
        this.limit = limit;
    }

    /** 32 MiB, or twice the largest packet when that is more, so two such packets can always arrive at once. */
    public static PartialPacketBudget forMaxPacketSize(int maxPacketSize) {
        return new PartialPacketBudget(Math.max(MIN_BUDGET, 2L * maxPacketSize));
    }

    /** Takes {@code bytes} from the budget; false, taking nothing, when there are not that many left. */
    boolean tryTake(long bytes) {
        long now;
        do {
            now = used.get();
            if (now + bytes > limit) {
                return false;
            }
        } while (!used.compareAndSet(now, now + bytes));
        return true;
    }

    void giveBack(long bytes) {
        used.addAndGet(-bytes);
    }

    /** Bytes of incomplete large packets buffered now. */
    public long used() {
        return used.get();
    }

    public long limit() {
        return limit;
    }

    /** A large packet arrived while the budget was spent: its connection ends. */
    public static final class Exhausted extends DecoderException {
        Exhausted(String message) {
            super(message);
        }
    }
}
