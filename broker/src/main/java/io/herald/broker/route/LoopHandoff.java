package io.herald.broker.route;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.FastThreadLocal;
import io.netty.util.internal.ThreadExecutorMap;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands deliveries from one event loop to others in batches: what a loop routes to another loop during
 * one turn (every PUBLISH of the read batches it handled) reaches the other loop as one task at the end
 * of the turn, instead of one task, one queue insertion and possibly one wake-up per message. Order is
 * kept: the tasks for a loop run in the order they were handed over. Callers that are not event loops
 * (the platform publishing in process, timers) hand each task over at once.
 *
 * <p>Threads: one instance per event loop, used only by that loop's thread ({@link FastThreadLocal});
 * the batches it hands over are not touched again by it.
 */
final class LoopHandoff implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(LoopHandoff.class);
    private static final FastThreadLocal<LoopHandoff> PER_LOOP = new FastThreadLocal<>();

    private final EventLoop source;
    private final Map<EventLoop, List<Runnable>> outgoing = new IdentityHashMap<>();
    private boolean scheduled;

    private LoopHandoff(EventLoop source) {
        this.source = source;
    }

    /** Runs {@code task} on {@code target}, a loop other than the calling thread's. */
    static void send(EventLoop target, Runnable task) {
        LoopHandoff h = PER_LOOP.getIfExists();
        if (h == null) {
            EventExecutor current = ThreadExecutorMap.currentExecutor();
            if (!(current instanceof EventLoop loop)) {
                target.execute(task);
                return;
            }
            h = new LoopHandoff(loop);
            PER_LOOP.set(h);
        }
        h.add(target, task);
    }

    private void add(EventLoop target, Runnable task) {
        if (!scheduled) {
            scheduled = true;
            source.execute(this);
        }
        outgoing.computeIfAbsent(target, t -> new ArrayList<>()).add(task);
    }

    @Override
    public void run() {
        scheduled = false;
        for (Map.Entry<EventLoop, List<Runnable>> e : outgoing.entrySet()) {
            List<Runnable> batch = e.getValue();
            if (batch.isEmpty()) {
                continue;
            }
            e.setValue(new ArrayList<>(batch.size()));
            e.getKey().execute(() -> runAll(batch));
        }
    }

    /** Runs a batch on its target loop; a task that fails does not cost the others their delivery. */
    private static void runAll(List<Runnable> batch) {
        for (Runnable task : batch) {
            try {
                task.run();
            } catch (RuntimeException e) {
                log.error("a delivery handed over from another loop failed", e);
            }
        }
    }
}
