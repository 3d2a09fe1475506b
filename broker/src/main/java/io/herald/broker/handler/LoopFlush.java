package io.herald.broker.handler;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.FastThreadLocal;
import java.util.ArrayList;
import java.util.List;

/**
 * Flushes, once per turn of an event loop, every connection of that loop that was written to in the
 * turn: the PUBACKs of a read batch, the deliveries of a fan-out batch, whatever a task sent. The
 * flush runs as a task queued behind the loop's I/O of the turn, so the writes of all the packets
 * read in one pass over the ready channels go out with one flush per connection (one {@code writev}).
 *
 * <p>Threads: one instance per event loop, created and used only on that loop (a
 * {@link FastThreadLocal}); a connection is added only on its own loop.
 */
final class LoopFlush implements Runnable {

    private static final FastThreadLocal<LoopFlush> PER_LOOP = new FastThreadLocal<>();

    private final EventLoop loop;
    /** Connections to flush at the end of this turn; swapped with {@link #spare} while flushing. */
    private List<Connection> written = new ArrayList<>();
    private List<Connection> spare = new ArrayList<>();

    private LoopFlush(EventLoop loop) {
        this.loop = loop;
    }

    /** The flush of {@code loop}; call on that loop. */
    static LoopFlush of(EventLoop loop) {
        assert loop.inEventLoop() : "written off its loop";
        LoopFlush f = PER_LOOP.get();
        if (f == null) {
            f = new LoopFlush(loop);
            PER_LOOP.set(f);
        }
        return f;
    }

    /** {@code conn} has unflushed writes; it is flushed at the end of this turn. */
    void add(Connection conn) {
        if (written.isEmpty()) {
            loop.execute(this);
        }
        written.add(conn);
    }

    @Override
    public void run() {
        // swap first: a flush that fails and closes a channel may write to others of this loop
        List<Connection> batch = written;
        written = spare;
        for (Connection c : batch) {
            c.flush();
        }
        batch.clear();
        spare = batch;
    }
}
