package io.herald.bench.devices;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Recorder;

/**
 * Sends synchronous commands over REST at a fixed rate, round robin over the things (each answers at
 * once, see {@link ThingClient}), first for the warm-up, then measured; waits for every answer.
 *
 * <p>Threads: {@link #run} paces the sends on the calling thread (never blocking on an answer); answers
 * are counted on the HTTP client's threads into the thread-safe recorder, counters and map.
 */
final class CommandLoad {

    private final PlatformRest rest;
    private final List<Thing> things;
    private final DeviceLoadOptions options;
    private final Recorder latency = new Recorder(3);
    private final AtomicLong answered = new AtomicLong();
    private final AtomicLong lastAnswerNanos = new AtomicLong();
    private final Map<String, Long> failures = new ConcurrentHashMap<>();

    CommandLoad(PlatformRest rest, List<Thing> things, DeviceLoadOptions options) {
        this.rest = rest;
        this.things = things;
        this.options = options;
    }

    CommandResult run() throws Exception {
        long timeoutSeconds = options.commandTimeout().toSeconds();
        String body = "{\"service_id\":\"smokeDetector\",\"command_name\":\"SILENCE\",\"paras\":{\"value\":1},\"timeout\":"
                + timeoutSeconds + "}";
        Duration httpTimeout = options.commandTimeout().plusSeconds(5);
        long period = 1_000_000_000L / options.rate();
        long warmupCount = options.rate() * options.warmup().toSeconds();
        long total = warmupCount + options.rate() * options.duration().toSeconds();
        long start = System.nanoTime() + 10_000_000L;
        long measuredFrom = start + warmupCount * period;
        List<CompletableFuture<?>> pending = new ArrayList<>((int) Math.min(total, 1_000_000));
        System.out.printf("sending %d commands at %d/s (%d s warm-up, %d s measured), each waiting up to %d s%n", total,
                options.rate(), options.warmup().toSeconds(), options.duration().toSeconds(), timeoutSeconds);
        for (long i = 0; i < total; i++) {
            long intended = start + i * period;
            long wait = intended - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            boolean measured = i >= warmupCount;
            Thing t = things.get((int) (i % things.size()));
            pending.add(rest.command(t.id(), body, httpTimeout).whenComplete((r, e) -> done(measured, intended, r, e)));
        }
        try {
            CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new))
                    .get(httpTimeout.toSeconds() + 10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | TimeoutException e) {
            // counted per command by done(); a command the client never finished stays out of both counts
        }
        long sent = total - warmupCount;
        long end = Math.max(lastAnswerNanos.get(), measuredFrom);
        return new CommandResult(things.size(), options.rate(), latency.getIntervalHistogram(), sent, answered.get(),
                failures, Duration.ofNanos(end - measuredFrom));
    }

    private void done(boolean measured, long intended, HttpResponse<String> r, Throwable e) {
        if (!measured) {
            return;
        }
        long now = System.nanoTime();
        lastAnswerNanos.accumulateAndGet(now, Math::max);
        String outcome = CommandResult.outcome(r == null ? 0 : r.statusCode(), e);
        if (outcome == null) {
            answered.incrementAndGet();
            latency.recordValue(Math.max(0, TimeUnit.NANOSECONDS.toMicros(now - intended)));
        } else {
            failures.merge(outcome, 1L, Long::sum);
        }
    }
}
