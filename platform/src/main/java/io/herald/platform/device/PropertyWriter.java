package io.herald.platform.device;

import io.herald.platform.catalog.DeviceProperties;
import io.herald.platform.catalog.PropertyValue;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes accepted property reports into the catalog in batches, off the event loops: reports wait in a
 * bounded queue ({@link #offer} never blocks; a full queue refuses), one writer thread drains up to a
 * batch at a time into one transaction (history rows and the latest values), every few seconds bounds
 * the history of the things it wrote to their newest values (by their {@code (thing_id, seq)} index), and
 * every hour sweeps values past the history's age and rows of deleted things (whole-table scans, hence
 * hourly: a value leaves the history within an hour of its age). A batch the catalog refuses is tried
 * again every second (the reports were acknowledged), for up to five minutes.
 *
 * <p>Threads: {@link #offer} from any thread (broker event loops); everything else on the thread
 * {@code herald-property-writer}, which owns {@code nextSeq}, {@code dirty} and the timers. Lifecycle:
 * {@link #start}, {@link #close} (writes what is queued, then stops).
 */
final class PropertyWriter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PropertyWriter.class);
    private static final Duration PRUNE_EVERY = Duration.ofSeconds(5);
    private static final Duration SWEEP_EVERY = Duration.ofHours(1);
    private static final Duration RETRY_PAUSE = Duration.ofSeconds(1);
    private static final int MAX_ATTEMPTS = 300;

    private final DeviceProperties table;
    private final DeviceSettings settings;
    private final DeviceMetrics metrics;
    private final Clock clock;
    private final BlockingQueue<List<PropertyValue>> queue;
    private final Thread thread;
    private volatile boolean running = true;

    // owned by the writer thread
    private long nextSeq;
    private final Set<String> dirty = new HashSet<>();
    private Instant lastPrune;
    private Instant lastSweep = Instant.MIN;

    PropertyWriter(DeviceProperties table, DeviceSettings settings, DeviceMetrics metrics, Clock clock) {
        this.table = table;
        this.settings = settings;
        this.metrics = metrics;
        this.clock = clock;
        this.queue = new ArrayBlockingQueue<>(settings.writerBacklog());
        this.thread = Thread.ofPlatform().name("herald-property-writer").daemon().unstarted(this::run);
        metrics.gauge("herald.device.property.writer.backlog", "property reports waiting for the catalog", queue::size);
    }

    void start() {
        thread.start();
    }

    /** Queues a report's values; false when the backlog is full (the report is refused, nothing stored). */
    boolean offer(List<PropertyValue> report) {
        return running && queue.offer(report);
    }

    /** Reports waiting for the catalog. */
    int backlog() {
        return queue.size();
    }

    private void run() {
        while (running) {
            try {
                nextSeq = table.maxSeq() + 1;
                break;
            } catch (RuntimeException e) {
                log.warn("property writer: the catalog does not answer, trying again in a second: {}", e.toString());
                LockSupport.parkNanos(1_000_000_000L);
            }
        }
        lastPrune = clock.instant();
        List<List<PropertyValue>> reports = new ArrayList<>();
        while (running || !queue.isEmpty()) {
            try {
                List<PropertyValue> first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first != null) {
                    reports.add(first);
                    queue.drainTo(reports, settings.batchReports() - 1);
                    write(reports);
                    reports.clear();
                }
                housekeeping();
            } catch (InterruptedException e) {
                running = false;
            } catch (RuntimeException e) {
                log.warn("property writer: {}", e.toString());
            }
        }
    }

    private void write(List<List<PropertyValue>> reports) {
        List<PropertyValue> values = new ArrayList<>();
        for (List<PropertyValue> r : reports) {
            values.addAll(r);
        }
        // The reports were acknowledged: a batch the catalog refuses (down, locked) is tried again every
        // second while the backlog fills and new reports are refused with 0x97; only a batch refused for
        // five minutes, or when the writer stops, is given up.
        for (int attempt = 1; ; attempt++) {
            try {
                table.write(values, nextSeq);
                nextSeq += values.size();
                metrics.written(values.size());
                for (List<PropertyValue> r : reports) {
                    dirty.add(r.getFirst().thingId());
                }
                if (attempt > 1) {
                    log.info("property writer: the catalog took the {} values at attempt {}", values.size(), attempt);
                }
                return;
            } catch (RuntimeException e) {
                metrics.failed(values.size());
                if (attempt == 1) {
                    log.warn("property writer: the catalog refused {} values from {} reports, trying again every"
                            + " second: {}", values.size(), reports.size(), e.toString());
                }
                if (attempt >= MAX_ATTEMPTS || !running) {
                    log.error("property writer: {} values from {} reports lost, the catalog refused them {} times: {}",
                            values.size(), reports.size(), attempt, e.toString());
                    return;
                }
                LockSupport.parkNanos(RETRY_PAUSE.toNanos());
                resyncSeq(); // the catalog may have been written by another writer meanwhile
            }
        }
    }

    private void resyncSeq() {
        try {
            nextSeq = table.maxSeq() + 1;
        } catch (RuntimeException e) {
            // still down: the next attempt fails the same way and comes back here
        }
    }

    private void housekeeping() {
        Instant now = clock.instant();
        if (!dirty.isEmpty() && Duration.between(lastPrune, now).compareTo(PRUNE_EVERY) >= 0) {
            lastPrune = now;
            table.prune(List.copyOf(dirty), settings.historyCount());
            dirty.clear();
        }
        if (lastSweep == Instant.MIN || Duration.between(lastSweep, now).compareTo(SWEEP_EVERY) >= 0) {
            lastSweep = now;
            table.sweep(now.minus(settings.historyAge()));
        }
    }

    /** Writes what is queued (waiting up to 10 s), then stops. */
    @Override
    public void close() {
        running = false;
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
