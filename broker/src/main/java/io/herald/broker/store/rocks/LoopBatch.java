package io.herald.broker.store.rocks;

import io.herald.broker.store.StoreException;
import io.netty.channel.EventLoop;
import io.netty.channel.SingleThreadIoEventLoop;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The store writes of every session of one event loop in one turn of it, written to RocksDB together
 * when the turn ends: one write batch, one write to the log, however many messages were queued, sent,
 * acknowledged or released in the turn. The first write of a turn schedules the flush at the end of the
 * loop's iteration (after its I/O and every task it runs then). {@link #written()} tells {@code sync}
 * what to wait for before the group commit's fsync.
 *
 * <p>Without a loop (a client whose session loop was never named: tests that call the store directly)
 * every change is written at once.
 *
 * <p>Failures: a flush that fails keeps its writes, in order, before any later one, fails those who wait
 * for it, and is tried again every {@link #RETRY_MILLIS} ms and with the loop's next flush; so the disk
 * always ends up with every change, in the order made. While the store is failed, {@link #add} refuses
 * a change that can be refused ({@link OnFailure#REFUSE}).
 *
 * <p>Threads: {@link #add} on the loop (any thread is safe); {@link #flush} on the loop, or by the
 * thread that closes the store after the loops stopped; {@link #written()} from any thread. The pending
 * writes and futures are guarded by {@code this}; flushes are serialised by {@link #flushLock}.
 */
final class LoopBatch {

    /** How often a failed flush is tried again. */
    static final long RETRY_MILLIS = 1_000;

    /** What {@link #add} does with a change while the store cannot write. */
    enum OnFailure {
        /** Throws, and the change is not made: the caller has changed nothing yet. */
        REFUSE,
        /** Keeps the change for when the store can write again, then throws: the caller cannot undo it. */
        KEEP_AND_THROW,
        /** Keeps the change for when the store can write again: removals, which must never fail. */
        KEEP
    }

    private final StoreDb db;
    private final EventLoop loop; // null: written at once
    private final Runnable flushTask = this::flush;
    private final Object flushLock = new Object();
    private List<StoreBatch.Write> pending = new ArrayList<>(); // guarded by this
    /** Completes when {@link #pending} is written; created when someone asks. Guarded by this. */
    private CompletableFuture<Void> pendingWritten;
    /** Completes when the flush under way is done; created when someone asks. Guarded by this. */
    private CompletableFuture<Void> flushWritten;
    /** {@link #durable} of the {@link #written()} stage {@link #durableOf}. Guarded by this. */
    private CompletableFuture<Void> durable;
    private CompletableFuture<Void> durableOf; // guarded by this
    private boolean flushing; // guarded by this
    private boolean scheduled; // guarded by this
    /** The number of the turn that {@link #pending} belongs to. Guarded by this. */
    private long turn = 1;
    /** Every write of turns up to this one is in RocksDB. */
    private volatile long writtenTurn;

    LoopBatch(StoreDb db, EventLoop loop) {
        this.db = db;
        this.loop = loop;
    }

    /**
     * Adds the writes of one change, which reach the log together, in the order added.
     *
     * @return the turn the change belongs to, for {@link #isWritten}
     * @throws StoreException when the store cannot write, as {@code onFailure} says
     */
    long add(StoreBatch change, OnFailure onFailure) {
        if (change.isEmpty()) {
            return 0;
        }
        if (loop == null) {
            return addAndWrite(change, onFailure);
        }
        StoreException failure = db.failure();
        if (failure != null && onFailure == OnFailure.REFUSE) {
            throw new StoreException(failure.getMessage(), failure);
        }
        long t;
        synchronized (this) {
            change.addTo(pending);
            t = turn;
            if (!scheduled) {
                scheduled = true;
                schedule();
            }
        }
        if (failure != null && onFailure == OnFailure.KEEP_AND_THROW) {
            throw new StoreException(failure.getMessage(), failure);
        }
        return t;
    }

    /** Whether the writes of {@code turn} are in RocksDB, so a read sees them. */
    boolean isWritten(long turn) {
        return loop == null || turn <= writtenTurn;
    }

    /**
     * Completes when every write added so far is durable: in RocksDB, then synced by {@code commit}; null
     * when all are in RocksDB already. One stage per turn, shared by every caller in it.
     */
    synchronized CompletableFuture<Void> durable(GroupCommit commit) {
        CompletableFuture<Void> w = written();
        if (w == null) {
            return null;
        }
        if (w != durableOf) {
            durableOf = w;
            durable = w.thenCompose(v -> commit.sync().toCompletableFuture());
        }
        return durable;
    }

    /** Completes when every write added so far is in RocksDB (not yet synced); null when all are. */
    synchronized CompletableFuture<Void> written() {
        if (loop == null) {
            return null;
        }
        if (!pending.isEmpty()) {
            if (pendingWritten == null) {
                pendingWritten = new CompletableFuture<>();
            }
            return pendingWritten;
        }
        if (flushing) {
            if (flushWritten == null) {
                flushWritten = new CompletableFuture<>();
            }
            return flushWritten;
        }
        return null;
    }

    /**
     * Writes what is pending and then {@code change}, at once: for a rare change that must be in the log
     * before the client hears of it (a session's subscriptions, answered by CONNACK or SUBACK).
     *
     * @throws StoreException when it cannot; {@code change} is then not made
     */
    void writeNow(StoreBatch change) {
        if (loop == null) {
            add(change, OnFailure.REFUSE);
            return;
        }
        synchronized (flushLock) {
            StoreException failed = flushPending();
            if (failed != null) {
                throw new StoreException(failed.getMessage(), failed);
            }
            List<StoreBatch.Write> writes = new ArrayList<>(2);
            change.addTo(writes);
            db.apply(writes);
        }
    }

    /** Writes what is pending as one write batch. The loop, at the end of a turn; or close. */
    void flush() {
        flushPending();
    }

    /** @return why the pending writes could not be written (they stay pending), or null */
    private StoreException flushPending() {
        synchronized (flushLock) {
            List<StoreBatch.Write> writes;
            long t;
            synchronized (this) {
                scheduled = false;
                if (pending.isEmpty()) {
                    return null;
                }
                writes = pending;
                pending = new ArrayList<>();
                flushWritten = pendingWritten;
                pendingWritten = null;
                flushing = true;
                t = turn++;
            }
            StoreException failed = null;
            try {
                db.apply(writes);
            } catch (StoreException e) {
                failed = e;
            }
            CompletableFuture<Void> done;
            synchronized (this) {
                done = flushWritten;
                flushWritten = null;
                flushing = false;
                if (failed == null) {
                    writtenTurn = t;
                } else {
                    writes.addAll(pending);
                    pending = writes;
                    if (!scheduled && loop != null) {
                        scheduled = true;
                        retryLater();
                    }
                }
            }
            if (done != null) {
                if (failed == null) {
                    done.complete(null);
                } else {
                    done.completeExceptionally(failed);
                }
            }
            return failed;
        }
    }

    /** Without a loop: the change with whatever an earlier failure left pending, at once. */
    private long addAndWrite(StoreBatch change, OnFailure onFailure) {
        synchronized (flushLock) {
            int before;
            synchronized (this) {
                before = pending.size();
                change.addTo(pending);
            }
            try {
                db.apply(pending);
                pending = new ArrayList<>();
                return 0;
            } catch (StoreException e) {
                if (onFailure == OnFailure.REFUSE) {
                    pending.subList(before, pending.size()).clear();
                }
                if (onFailure != OnFailure.KEEP) {
                    throw e;
                }
                return 0;
            }
        }
    }

    /** At the end of the loop's current iteration, after its I/O and tasks; guarded by this. */
    private void schedule() {
        try {
            if (loop instanceof SingleThreadIoEventLoop io) {
                io.executeAfterEventLoopIteration(flushTask);
            } else {
                loop.execute(flushTask); // a loop without tail tasks: after the tasks queued so far
            }
        } catch (RejectedExecutionException stopping) {
            scheduled = false; // the loop is shutting down: closing the store writes what is pending
        }
    }

    /** Guarded by this. */
    private void retryLater() {
        try {
            loop.schedule(flushTask, RETRY_MILLIS, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
            scheduled = false;
        }
    }
}
