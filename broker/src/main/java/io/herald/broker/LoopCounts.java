package io.herald.broker;

import io.netty.util.concurrent.FastThreadLocal;
import io.netty.util.concurrent.FastThreadLocalThread;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;

/**
 * A fixed set of monotonic counters that event loops increment without contention, for what the broker
 * counts per message. Each Netty event loop thread (a {@link FastThreadLocalThread}, as the broker's
 * loops are) counts in a cell of its own: plain {@code long}s only it writes, no atomic instruction,
 * no cache line shared with another loop. Any other thread (the platform's threads publishing in
 * process, timers, tests) counts in shared {@link LongAdder}s, as do the threads that come after the
 * {@code maxCells}-th cell: cells are never dropped, so that the counts of a thread that ended stay in
 * the sums, and threads that come and go must not add cells without end. {@link #sum} adds the cells
 * and the adder of a counter up.
 *
 * <p>Threads: {@link #increment} from any thread; a cell is written only by its owner thread (release
 * stores, plain moves on x86) and read by any thread (acquire loads), so a sum never sees a torn value.
 * A sum taken while loops count may miss the increments in flight, as any counter read would.
 */
final class LoopCounts {

    private static final VarHandle COUNT = MethodHandles.arrayElementVarHandle(long[].class);
    private static final long[] NO_CELL = new long[0];

    private final int counters;
    private final int maxCells;
    private final LongAdder[] shared;
    private final List<long[]> cells = new CopyOnWriteArrayList<>();
    private final FastThreadLocal<long[]> own = new FastThreadLocal<>() {
        @Override
        protected long[] initialValue() {
            return newCell();
        }
    };

    /** {@code counters} counters, numbered from 0; at most {@code maxCells} threads get a cell. */
    LoopCounts(int counters, int maxCells) {
        this.counters = counters;
        this.maxCells = maxCells;
        this.shared = new LongAdder[counters];
        for (int i = 0; i < counters; i++) {
            shared[i] = new LongAdder();
        }
    }

    /** Adds one to {@code counter}. Any thread. */
    void increment(int counter) {
        long[] cell = Thread.currentThread() instanceof FastThreadLocalThread ? own.get() : NO_CELL;
        if (cell == NO_CELL) {
            shared[counter].increment();
        } else {
            COUNT.setRelease(cell, counter, cell[counter] + 1); // only this thread writes its cell
        }
    }

    /** The count of {@code counter} over every thread. Any thread. */
    long sum(int counter) {
        long sum = shared[counter].sum();
        for (long[] cell : cells) {
            sum += (long) COUNT.getAcquire(cell, counter);
        }
        return sum;
    }

    /** Cells in use: threads that counted here with a cell of their own (for tests). */
    int cellCount() {
        return cells.size();
    }

    /** A cell for the calling thread, or {@link #NO_CELL} when there are {@code maxCells} already. */
    private synchronized long[] newCell() {
        if (cells.size() >= maxCells) {
            return NO_CELL;
        }
        long[] cell = new long[counters]; // allocated by its owner: in its own allocation buffer
        cells.add(cell);
        return cell;
    }
}
