package io.herald.broker.store.rocks;

import io.herald.broker.store.StoreException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * The durability barrier of a store, with group commit: writes go to the write-ahead log unsynced, and
 * {@link #sync()} waits for one fsync of the log that covers everything written before the call. The
 * requests that arrive while an fsync runs are served together by the next one, so under load one
 * fsync serves many messages and a request waits at most about two fsyncs (a few milliseconds).
 *
 * <p>Threads: {@link #sync()} from any thread; the fsync runs on the store's own thread. {@link
 * #waiting} and {@link #scheduled} are guarded by {@link #lock}.
 */
final class GroupCommit {

    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    private final StoreDb db;
    private final Durability durability;
    private final Executor storeThread;
    private final Object lock = new Object();
    private List<CompletableFuture<Void>> waiting = new ArrayList<>();
    private boolean scheduled;

    GroupCommit(StoreDb db, Durability durability, Executor storeThread) {
        this.db = db;
        this.durability = durability;
        this.storeThread = storeThread;
    }

    /** Completes once every write made before this call is durable; fails if a write has failed. */
    CompletionStage<Void> sync() {
        StoreException failure = db.failure();
        if (failure != null) {
            return CompletableFuture.failedFuture(failure);
        }
        if (durability == Durability.ASYNC) {
            return DONE;
        }
        CompletableFuture<Void> f = new CompletableFuture<>();
        boolean schedule;
        synchronized (lock) {
            waiting.add(f);
            schedule = !scheduled;
            scheduled = true;
        }
        if (schedule) {
            storeThread.execute(this::commit);
        }
        return f;
    }

    /** One fsync for every request made so far. Store thread. */
    void commit() {
        List<CompletableFuture<Void>> batch;
        synchronized (lock) {
            batch = waiting;
            waiting = new ArrayList<>();
            scheduled = false;
        }
        StoreException failure = db.failure();
        if (failure == null) {
            try {
                db.syncWal();
            } catch (StoreException e) {
                failure = e;
            }
        }
        for (CompletableFuture<Void> f : batch) {
            if (failure == null) {
                f.complete(null);
            } else {
                f.completeExceptionally(failure);
            }
        }
    }
}
