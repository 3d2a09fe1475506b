package io.herald.bench.devices;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * What a commands run measured. Immutable once built (the histogram is not touched after the run).
 *
 * @param latencyMicros round trips of the measured commands answered 200, in microseconds, from the time
 *     each was meant to be sent (so a late sender counts against the platform, not for it)
 * @param sent measured commands sent
 * @param answered measured commands answered 200
 * @param failures measured commands not answered 200, by outcome ({@code HTTP 504}, {@code HttpTimeoutException}, …)
 * @param elapsed from the first measured command's intended send time to the last answer
 */
record CommandResult(int things, int rate, Histogram latencyMicros, long sent, long answered, Map<String, Long> failures,
        Duration elapsed) {

    CommandResult {
        failures = Map.copyOf(failures);
    }

    /** Commands answered 200 per second of the measured time. */
    double achievedRate() {
        return elapsed.isZero() ? 0 : answered * 1e9 / elapsed.toNanos();
    }

    long failed() {
        return failures.values().stream().mapToLong(Long::longValue).sum();
    }

    /** The run's summary lines. */
    String format() {
        StringBuilder s = new StringBuilder();
        s.append(String.format("commands: %d sent to %d things at %d/s, %d answered 200 in %.1f s (achieved %.1f/s), %d failed%n",
                sent, things, rate, answered, elapsed.toNanos() / 1e9, achievedRate(), failed()));
        if (latencyMicros.getTotalCount() > 0) {
            s.append(String.format("round trip ms (REST call -> thing's answer -> HTTP 200): p50 %s  p90 %s  p99 %s  max %s%n",
                    ms(latencyMicros.getValueAtPercentile(50)), ms(latencyMicros.getValueAtPercentile(90)),
                    ms(latencyMicros.getValueAtPercentile(99)), ms(latencyMicros.getMaxValue())));
        }
        if (!failures.isEmpty()) {
            s.append("failures:");
            new TreeMap<>(failures).forEach((k, v) -> s.append(' ').append(k).append('=').append(v));
            s.append(System.lineSeparator());
        }
        return s.toString();
    }

    /** The outcome of one command: null for an answer 200, else what to count it as. */
    static String outcome(int status, Throwable error) {
        if (error != null) {
            Throwable cause = error.getCause() != null && error instanceof java.util.concurrent.CompletionException
                    ? error.getCause() : error;
            return cause.getClass().getSimpleName();
        }
        return status == 200 ? null : "HTTP " + status;
    }

    private static String ms(long micros) {
        return String.format("%.2f", micros / 1000.0);
    }
}
