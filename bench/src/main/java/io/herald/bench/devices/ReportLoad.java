package io.herald.bench.devices;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Every thing reports properties as fast as they are acknowledged for the run's duration; meanwhile and
 * afterwards the platform's metrics tell how many values reached the catalog, until the property
 * writer's backlog is empty; then each thing's history and latest values are read back over REST and
 * compared with what was acknowledged: the newest {@code historyCount} values of each thing (the server
 * prunes its history every 5 s, so the read-back waits for that when a thing reported more). Needs a
 * fresh server: the metrics count since its start.
 *
 * <p>Threads: {@link #run} on the calling thread (progress once a second, REST reads); the reports go
 * out on the things' event loop.
 */
final class ReportLoad {

    private static final String WRITTEN = "herald_device_property_values_written_total";
    private static final String BACKLOG = "herald_device_property_writer_backlog";
    private static final Duration DRAIN_LIMIT = Duration.ofMinutes(5);
    /** Longer than the property writer's pruning period (5 s) and its poll (0.2 s). */
    private static final Duration PRUNED_WITHIN = Duration.ofSeconds(6);

    private final PlatformRest rest;
    private final List<ThingClient> clients;
    private final DeviceLoadOptions options;

    ReportLoad(PlatformRest rest, List<ThingClient> clients, DeviceLoadOptions options) {
        this.rest = rest;
        this.clients = clients;
        this.options = options;
    }

    ReportResult run() throws Exception {
        long start = System.nanoTime();
        long deadline = start + options.duration().toNanos();
        for (ThingClient c : clients) {
            c.report(deadline);
        }
        CompletableFuture<Void> allAcked = CompletableFuture.allOf(clients.stream().map(c -> c.reported)
                .toArray(CompletableFuture[]::new));
        long previous = 0;
        for (int second = 1; !allAcked.isDone(); second++) {
            LockSupport.parkNanos(start + TimeUnit.SECONDS.toNanos(second) - System.nanoTime());
            long acked = acked();
            String m = rest.metrics();
            System.out.printf("%3d s: %7d reports/s acknowledged, %9.0f values stored, backlog %.0f%n", second,
                    acked - previous, Prometheus.value(m, WRITTEN), Prometheus.value(m, BACKLOG));
            previous = acked;
            if (System.nanoTime() - deadline > TimeUnit.SECONDS.toNanos(30)) {
                throw new IllegalStateException("reports still unacknowledged 30 s after the end");
            }
        }
        allAcked.get();
        long ackedAt = clients.stream().mapToLong(c -> c.reportedAtNanos).max().orElse(start);
        long acked = acked();
        long stored;
        long storedAt;
        while (true) {
            String m = rest.metrics();
            stored = (long) Prometheus.value(m, WRITTEN);
            storedAt = System.nanoTime();
            if (Prometheus.value(m, BACKLOG) == 0 && stored >= acked * PropertyPayload.VALUES) {
                break;
            }
            if (storedAt - start > DRAIN_LIMIT.toNanos()) {
                System.out.println("the writer's backlog did not empty within " + DRAIN_LIMIT.toMinutes() + " min");
                break;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
        if (clients.stream().anyMatch(c -> c.reportsAcked.get() * PropertyPayload.VALUES > options.historyCount())) {
            System.out.printf("waiting %d s for the server to bound the history to %d values per thing%n",
                    PRUNED_WITHIN.toSeconds(), options.historyCount());
            Thread.sleep(PRUNED_WITHIN.toMillis());
        }
        int mismatched = 0;
        for (ThingClient c : clients) {
            mismatched += check(c) ? 0 : 1;
        }
        return new ReportResult(clients.size(), options.inflight(), acked,
                clients.stream().mapToLong(c -> c.reportsRefused.get()).sum(), Duration.ofNanos(ackedAt - start), stored,
                Duration.ofNanos(storedAt - start), clients.size(), mismatched);
    }

    private long acked() {
        return clients.stream().mapToLong(c -> c.reportsAcked.get()).sum();
    }

    /**
     * Whether the thing's history holds its acknowledged values (the newest {@code historyCount} of them)
     * and its latest temperature is its last report's number.
     */
    private boolean check(ThingClient c) throws IOException, InterruptedException {
        String id = c.thing.id();
        long expected = Math.min(c.reportsAcked.get() * PropertyPayload.VALUES, options.historyCount());
        long count = 0;
        for (int offset = 0; ; offset += 1000) {
            int page = rest.get("/api/things/" + id + "/properties/history?limit=1000&offset=" + offset).path("values").size();
            count += page;
            if (page < 1000) {
                break;
            }
        }
        long latest = latestTemperature(rest.get("/api/things/" + id + "/properties"));
        boolean ok = count == expected && latest == c.lastAcked.get();
        if (!ok) {
            System.out.printf("%s: history %d values, expected %d (%d acknowledged x %d, at most %d);"
                    + " latest temperature %d, last report %d%n", id, count, expected, c.reportsAcked.get(),
                    PropertyPayload.VALUES, options.historyCount(), latest, c.lastAcked.get());
        }
        return ok;
    }

    /** The smokeDetector's latest temperature in a {@code GET …/properties} answer; -1 when absent. */
    static long latestTemperature(JsonNode properties) {
        for (JsonNode service : properties.path("services")) {
            if ("smokeDetector".equals(service.path("service_id").asText())) {
                return service.path("properties").path("temperature").path("value").asLong(-1);
            }
        }
        return -1;
    }
}
