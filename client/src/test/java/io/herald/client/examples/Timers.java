package io.herald.client.examples;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The runtime helpers the seed's samples use: {@code print}, {@code setInterval} and
 * {@code setTimeout}, on one daemon timer thread. Thread-safe.
 */
final class Timers {

    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sample-timer");
        t.setDaemon(true);
        return t;
    });

    private Timers() {}

    static void print(Object... parts) {
        StringBuilder b = new StringBuilder();
        for (Object p : parts) {
            b.append(b.isEmpty() ? "" : " ").append(p);
        }
        System.out.println(b);
    }

    static ScheduledFuture<?> setInterval(Runnable task, long millis) {
        return TIMER.scheduleAtFixedRate(task, millis, millis, TimeUnit.MILLISECONDS);
    }

    static ScheduledFuture<?> setTimeout(Runnable task, long millis) {
        return TIMER.schedule(task, millis, TimeUnit.MILLISECONDS);
    }

    /** Keeps the JVM alive for the timers, as the seed's runtime does. */
    static void runForever() throws InterruptedException {
        Thread.currentThread().join();
    }
}
