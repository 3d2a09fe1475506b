package io.herald.broker.log;

import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.event.Level;

/**
 * Logs a repeated cause (a garbage TLS connection, a slow subscriber's dropped message) at most once
 * per interval: the first occurrence at once, and the first one after each interval with the number
 * of occurrences that were not logged since, e.g. {@code … (and 159 more in the last 60 s)}. Causes are
 * told apart by a key; the occurrences after the last line of a quiet cause are counted in the next
 * line of that cause. At most {@link #MAX_CAUSES} keys are tracked; stale ones are forgotten.
 *
 * <p>Threads: thread-safe.
 */
public final class RateLimitedLog {

    static final int MAX_CAUSES = 10_000;

    /** Where the lines go: a logger at a level, or a test's list. */
    @FunctionalInterface
    interface Sink {
        void log(String line);
    }

    private final Sink sink;
    private final long intervalMillis;
    private final Clock clock;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    private static final class Window {
        long start;
        long suppressed;

        Window(long start) {
            this.start = start;
        }
    }

    /** Lines go to {@code logger} at {@code level}. */
    public RateLimitedLog(Logger logger, Level level, Duration interval, Clock clock) {
        this(line -> logger.atLevel(level).log(line), interval, clock);
    }

    RateLimitedLog(Sink sink, Duration interval, Clock clock) {
        this.sink = sink;
        this.intervalMillis = interval.toMillis();
        this.clock = clock;
    }

    /** One occurrence of {@code cause}; the line (SLF4J {@code {}} placeholders) is built only when logged. */
    public void log(String cause, String format, Object... args) {
        long now = clock.millis();
        long suppressed;
        Window w = windows.get(cause);
        if (w == null) {
            if (windows.size() >= MAX_CAUSES) {
                forgetStale(now);
            }
            w = windows.computeIfAbsent(cause, k -> new Window(now - intervalMillis));
        }
        synchronized (w) {
            if (now - w.start < intervalMillis) {
                w.suppressed++;
                return;
            }
            suppressed = w.suppressed;
            w.suppressed = 0;
            w.start = now;
        }
        String line = org.slf4j.helpers.MessageFormatter.arrayFormat(format, args).getMessage();
        sink.log(suppressed == 0 ? line
                : line + " (and " + suppressed + " more in the last " + intervalMillis / 1000 + " s)");
    }

    private void forgetStale(long now) {
        Iterator<Window> it = windows.values().iterator();
        while (it.hasNext()) {
            Window w = it.next();
            synchronized (w) {
                if (now - w.start >= intervalMillis && w.suppressed == 0) {
                    it.remove();
                }
            }
        }
    }
}
