package io.herald.broker.session;

import io.herald.broker.SessionEvent;
import io.herald.broker.SessionListener;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands {@link SessionEvent}s from the event loops to the listeners on one thread of their own
 * ({@code herald-session-events}), in the order they were emitted, so a listener never runs on (or
 * slows) an event loop. With no listener, emitting costs one volatile read.
 *
 * <p>Threads: {@link #emit} from any thread; listeners run on the events thread.
 */
public final class SessionEvents implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SessionEvents.class);

    private final List<SessionListener> listeners = new CopyOnWriteArrayList<>();
    private final ExecutorService thread = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().daemon().name("herald-session-events").factory());

    public void add(SessionListener listener) {
        listeners.add(listener);
    }

    public boolean hasListeners() {
        return !listeners.isEmpty();
    }

    /** Queues {@code event} for every listener. Any thread; does nothing once closed. */
    public void emit(SessionEvent event) {
        try {
            thread.execute(() -> {
                for (SessionListener l : listeners) {
                    try {
                        l.onEvent(event);
                    } catch (RuntimeException e) {
                        log.warn("session listener {} failed on {}", l, event, e);
                    }
                }
            });
        } catch (RejectedExecutionException e) {
            log.debug("session event after shutdown dropped: {}", event);
        }
    }

    /** Delivers what is queued (for up to two seconds), then stops the thread. */
    @Override
    public void close() {
        thread.shutdown();
        try {
            thread.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
