package io.herald.client.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The event handlers of a seed-001 client ({@code client.on(event, callback)}) and their dispatch on
 * the client's callback executor. An event that happens while no handler for it is registered is
 * kept (the latest of each kind, {@code message} excepted) and given to the first handler registered
 * for it, since in Java the connection may complete before the code after {@code mqtt.connect}
 * registers its handlers.
 *
 * <p>Threads: thread-safe; guarded by its own monitor; handlers run on the executor.
 */
public final class SeedEvents {

    /** The events of seed 001. */
    public static final Set<String> NAMES = Set.of("connect", "reconnect", "close", "error", "end", "message");

    private static final Logger LOG = LoggerFactory.getLogger(SeedEvents.class);

    private final Executor executor;
    private final Map<String, List<Consumer<Object[]>>> handlers = new HashMap<>();
    private final Map<String, Object[]> unheard = new HashMap<>();

    public SeedEvents(Executor executor) {
        this.executor = executor;
    }

    /** Registers a handler receiving the event's arguments. */
    public void on(String event, Consumer<Object[]> handler) {
        if (!NAMES.contains(event)) {
            throw new IllegalArgumentException("unknown event '" + event + "'; use one of " + NAMES);
        }
        Object[] pending;
        synchronized (this) {
            handlers.computeIfAbsent(event, e -> new ArrayList<>()).add(handler);
            pending = unheard.remove(event);
        }
        if (pending != null) {
            executor.execute(() -> call(handler, pending));
        }
    }

    /** Emits an event to its handlers, on the executor. */
    public void emit(String event, Object... args) {
        List<Consumer<Object[]>> targets;
        synchronized (this) {
            List<Consumer<Object[]>> list = handlers.get(event);
            if (list == null || list.isEmpty()) {
                if (!event.equals("message")) {
                    unheard.put(event, args);
                }
                return;
            }
            targets = List.copyOf(list);
        }
        executor.execute(() -> targets.forEach(h -> call(h, args)));
    }

    /** Runs a task on the executor, after the events emitted before it. */
    public void run(Runnable task) {
        executor.execute(task);
    }

    private static void call(Consumer<Object[]> handler, Object[] args) {
        try {
            handler.accept(args);
        } catch (RuntimeException e) {
            LOG.warn("an mqtt event handler threw", e);
        }
    }
}
