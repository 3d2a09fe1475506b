package io.herald.client.internal;

import io.herald.client.ClientListener;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a client's listeners and completes its futures on the callback executor, in order, so user
 * code never runs on the I/O thread (unless the executor is direct). A listener that throws is
 * logged and does not stop the others.
 *
 * <p>Threads: thread-safe; the listener list is copy-on-write.
 */
final class Callbacks {

    private static final Logger LOG = LoggerFactory.getLogger(Callbacks.class);

    private final Executor executor;
    private final SerialExecutor serial;
    private final List<ClientListener> listeners = new CopyOnWriteArrayList<>();

    Callbacks(Executor configured, List<ClientListener> initial) {
        this.serial = configured == null ? new SerialExecutor(SharedResources.callbackPool())
                : configured instanceof SerialExecutor s ? s : null;
        this.executor = configured == null ? serial : configured;
        this.listeners.addAll(initial);
    }

    void add(ClientListener l) {
        listeners.add(l);
    }

    void remove(ClientListener l) {
        listeners.remove(l);
    }

    /** Calls {@code event} on every listener, on the callback executor. */
    void emit(Consumer<ClientListener> event) {
        executor.execute(() -> {
            for (ClientListener l : listeners) {
                try {
                    event.accept(l);
                } catch (RuntimeException e) {
                    LOG.warn("a client listener threw", e);
                }
            }
        });
    }

    <T> void complete(CompletableFuture<T> f, T value) {
        executor.execute(() -> f.complete(value));
    }

    void fail(CompletableFuture<?> f, Throwable error) {
        executor.execute(() -> f.completeExceptionally(error));
    }

    /** True when the calling thread is running this client's callbacks on its own executor. */
    boolean onCallbackThread() {
        return serial != null && serial.isCurrentThread();
    }
}
