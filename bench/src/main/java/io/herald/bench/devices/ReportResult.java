package io.herald.bench.devices;

import java.time.Duration;

/**
 * What a reports run measured. Immutable.
 *
 * @param acked reports acknowledged as accepted (PUBACK, reason code below 0x80)
 * @param refused reports refused (MQTT 5 PUBACK 0x80 or above, e.g. 0x97 when the writer's backlog is full)
 * @param ackedIn from the first report to the last acknowledgement
 * @param storedValues property values the platform wrote to the catalog (its metric)
 * @param storedIn from the first report until the writer's backlog was empty
 * @param checked things whose history and latest value were read back over REST
 * @param mismatched of those, things whose history count or latest temperature did not match what was acknowledged
 */
record ReportResult(int things, int inflight, long acked, long refused, Duration ackedIn, long storedValues,
        Duration storedIn, int checked, int mismatched) {

    double ackedRate() {
        return rate(acked, ackedIn);
    }

    /** Whole reports (every value written) per second until the backlog was empty. */
    double storedRate() {
        return rate(storedValues / PropertyPayload.VALUES, storedIn);
    }

    String format() {
        return String.format("""
                reports: %d things, %d in flight each, %d acknowledged in %.1f s (%.0f/s), %d refused
                stored: %d values = %d reports, backlog empty after %.1f s (%.0f reports/s stored)
                check over REST: %d things read back, %d mismatched (history: acknowledged x %d, bounded; latest: last report)
                """, things, inflight, acked, secs(ackedIn), ackedRate(), refused, storedValues,
                storedValues / PropertyPayload.VALUES, secs(storedIn), storedRate(), checked, mismatched, PropertyPayload.VALUES);
    }

    private static double rate(long n, Duration d) {
        return d.isZero() ? 0 : n * 1e9 / d.toNanos();
    }

    private static double secs(Duration d) {
        return d.toNanos() / 1e9;
    }
}
