package io.herald.broker.sys;

import io.herald.broker.BrokerCore;
import io.herald.broker.message.Message;
import io.herald.broker.store.RetainedStore;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the broker's status on the {@code $SYS/broker/...} topics, as Mosquitto does: retained, every
 * {@code sysInterval}, through the publish ingress with the broker's own origin, so only clients whose
 * rights allowed a {@code $SYS} subscription receive them (a {@code #} subscription does not match
 * {@code $} topics [MQTT-4.7.2-1]). Only values that changed since they were last published go out;
 * the version therefore once, at start.
 *
 * <p>Threads: one daemon thread of its own, {@code herald-sys}, runs every update and owns all the
 * mutable state (the figures and what was last published); it reads thread-safe counters and never
 * touches an event loop's state. Lifecycle: {@link #start} schedules the first update at once;
 * {@link #close} stops the thread; the broker closes it before its event loops.
 */
public final class SysTopics implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SysTopics.class);

    // all null when disabled (sysInterval 0): nothing runs, close() has nothing to stop
    private final ScheduledExecutorService thread;
    private final Supplier<Readings> readings;
    private final BiConsumer<String, String> publisher;
    private final SysFigures figures;
    private final Map<String, String> published = new HashMap<>(); // herald-sys thread

    private SysTopics(ScheduledExecutorService thread, Supplier<Readings> readings,
            BiConsumer<String, String> publisher, SysFigures figures) {
        this.thread = thread;
        this.readings = readings;
        this.publisher = publisher;
        this.figures = figures;
    }

    /**
     * Starts publishing {@code core}'s figures every {@code core.config().sysInterval()}; with a zero
     * interval nothing is published and no thread is started.
     *
     * @param version the version published on {@code $SYS/broker/version}
     */
    public static SysTopics start(BrokerCore core, String version) {
        Duration interval = core.config().sysInterval();
        if (interval.isZero()) {
            return new SysTopics(null, null, null, null);
        }
        ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("herald-sys").factory());
        SysTopics sys = new SysTopics(thread, () -> Readings.of(core), core.ingress()::publishSys,
                new SysFigures(version, core.clock().millis()));
        thread.scheduleAtFixedRate(sys::update, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        return sys;
    }

    /**
     * Removes the {@code $SYS} messages a previous run retained in a persistent store: they would show
     * stale figures (Mosquitto does not keep them across restarts either). Call at start, before clients
     * connect.
     */
    public static void forgetPrevious(RetainedStore retained) {
        for (Message m : retained.match("$SYS/#")) {
            retained.remove(m.topic());
        }
    }

    /** One update: publishes every figure whose value changed. Runs on {@code herald-sys}. */
    private void update() {
        try {
            for (Map.Entry<String, String> e : figures.figures(readings.get()).entrySet()) {
                if (!e.getValue().equals(published.get(e.getKey()))) {
                    publisher.accept(e.getKey(), e.getValue());
                    published.put(e.getKey(), e.getValue());
                }
            }
        } catch (RuntimeException e) {
            // a failed update must not end the schedule: the next one tries again
            log.warn("$SYS update failed", e);
        }
    }

    /** Stops publishing; waits up to two seconds for an update under way. Idempotent. */
    @Override
    public void close() {
        if (thread == null) {
            return;
        }
        thread.shutdown(); // cancels the schedule; an update under way finishes
        try {
            thread.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
