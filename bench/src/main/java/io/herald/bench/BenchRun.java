package io.herald.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Runs one benchmark: connects the clients, warms up, measures, stops publishing, waits for the
 * last deliveries, and counts what was lost and duplicated. Progress goes to a line sink once a second.
 *
 * <p>Threads: {@link #run} on the caller's thread; the clients on the connector's event loops; the
 * progress line on a thread of its own.
 */
public final class BenchRun {

    /** At most this many connections wait for their CONNACK at once, so the broker's backlog holds. */
    private static final int PENDING_CONNECTS = 500;
    private static final Duration SETTLE = Duration.ofSeconds(2);
    private static final Duration DRAIN_LIMIT = Duration.ofSeconds(60);

    private final BenchOptions options;
    private final Consumer<String> progress;
    private final ProcStats proc = ProcStats.linux();
    private final Recorder latency = new Recorder(3);
    private final String run = Long.toString(System.currentTimeMillis() % 1_000_000, 36);
    private final long brokerPid;

    public BenchRun(BenchOptions options, Consumer<String> progress) {
        this.options = options;
        this.progress = progress;
        this.brokerPid = options.brokerPid() != 0 ? options.brokerPid()
                : proc.listenerOf(options.port()).orElse(-1);
    }

    public BenchResult run() throws Exception {
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        try (Connector connector = new Connector(options, threads)) {
            return options.scenario() == Scenario.CONNECTIONS ? connections(connector) : messages(connector);
        }
    }

    private BenchResult connections(Connector connector) throws Exception {
        long rssBefore = rss();
        long cpuBefore = cpu();
        long start = System.nanoTime();
        List<LoadClient> clients = connectAll(connector, options.subscribers(), LoadClient.Role.IDLE, new AtomicLong());
        double connectSeconds = (System.nanoTime() - start) / 1e9;
        progress.accept(String.format("%d clients connected in %.1f s; holding them %d s", clients.size(),
                connectSeconds, options.duration().toSeconds()));
        long holdStart = System.nanoTime();
        waitUntil(() -> false, options.duration());
        long rssAfter = rss();
        double cpuPercent = cpuPercent(cpuBefore, start);
        closeAll(clients);
        return new BenchResult(options, 0, 0, 0, 0, 0, 0, 0, percentiles(), clients.size(),
                clients.size() / connectSeconds, rssBefore, rssAfter, holdStart > 0 ? cpuPercent : -1);
    }

    private BenchResult messages(Connector connector) throws Exception {
        long rssBefore = rss();
        AtomicLong measureFrom = new AtomicLong(Long.MAX_VALUE);
        List<LoadClient> firstSubs = connectAll(connector, options.subscribers(), LoadClient.Role.SUBSCRIBER, measureFrom);
        if (options.offline()) {
            closeAll(firstSubs);
        }
        List<LoadClient> subs = new CopyOnWriteArrayList<>(firstSubs);
        List<LoadClient> pubs = connectAll(connector, options.publishers(), LoadClient.Role.PUBLISHER, measureFrom);
        progress.accept(String.format("%d publishers, %d subscribers connected; warm-up %d s, measuring %d s",
                pubs.size(), subs.size(), options.warmup().toSeconds(), options.duration().toSeconds()));
        // this JVM's start-up state (connections, the latency recorder) goes to the old generation now: its
        // first young collections under load copied it and paused 20-50 ms, the second one inside the
        // measured window (docs/benchmarks.md, issue 15); later ones take under 1 ms
        System.gc();
        long startNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);
        measureFrom.set(startNanos + options.warmup().toNanos());
        long stopAt = measureFrom.get() + options.duration().toNanos();
        latency.reset();
        for (LoadClient p : pubs) {
            p.publishing().start(p.channel(), startNanos, measureFrom.get(), stopAt, pubs.size());
        }
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bench-progress");
            t.setDaemon(true);
            return t;
        });
        long[] last = new long[2];
        ticker.scheduleAtFixedRate(() -> {
            long s = sent(pubs);
            long r = received(subs);
            progress.accept(String.format("%5.0fs sent %d (%d/s) received %d (%d/s)",
                    (System.nanoTime() - startNanos) / 1e9, s, s - last[0], r, r - last[1]));
            last[0] = s;
            last[1] = r;
        }, 1, 1, TimeUnit.SECONDS);
        long cpuBefore = -1;
        long cpuFrom = 0;
        try {
            waitUntil(() -> System.nanoTime() >= measureFrom.get(), options.warmup().plusSeconds(1));
            cpuBefore = cpu();
            cpuFrom = System.nanoTime();
            waitUntil(() -> System.nanoTime() >= stopAt, options.duration().plusSeconds(1));
            double cpuPercent = cpuBefore < 0 ? -1 : cpuPercent(cpuBefore, cpuFrom);
            if (options.qos() > 0) {
                waitUntil(() -> acked(pubs) == sent(pubs), DRAIN_LIMIT);
            }
            if (options.offline()) {
                List<LoadClient> back = connectAll(connector, options.subscribers(), LoadClient.Role.SUBSCRIBER,
                        measureFrom);
                subs.clear();
                subs.addAll(back);
            }
            long expected = expected(pubs);
            waitSettled(() -> received(subs), expected);
            closeAll(subs); // first: their loops record what still arrives; closed, the tallies are final and visible
            BenchResult result = result(pubs, subs, expected, rssBefore, cpuPercent);
            closeAll(pubs);
            return result;
        } finally {
            ticker.shutdownNow();
        }
    }

    private BenchResult result(List<LoadClient> pubs, List<LoadClient> subs, long expected, long rssBefore,
            double cpuPercent) {
        long received = received(subs);
        long unique = 0;
        long lost = 0;
        for (Tally group : groups(subs)) {
            unique += group.unique();
        }
        lost = Math.max(0, expected - unique);
        long measuredReceived = subs.stream().mapToLong(s -> s.receivedMeasured.get()).sum();
        long sentMeasured = pubs.stream().mapToLong(p -> p.publishing().sentMeasured.get()).sum();
        double seconds = options.duration().toNanos() / 1e9;
        return new BenchResult(options, sentMeasured, expected, received, lost, received - unique,
                sentMeasured / seconds, measuredReceived / seconds, percentiles(), pubs.size() + subs.size(), 0,
                rssBefore, rss(), cpuPercent);
    }

    /** Percentiles of what the latency recorder saw since it was last read, in microseconds. */
    private Map<String, Long> percentiles() {
        Histogram h = latency.getIntervalHistogram();
        Map<String, Long> percentiles = new LinkedHashMap<>();
        percentiles.put("p50", h.getValueAtPercentile(50));
        percentiles.put("p90", h.getValueAtPercentile(90));
        percentiles.put("p99", h.getValueAtPercentile(99));
        percentiles.put("p99.9", h.getValueAtPercentile(99.9));
        percentiles.put("max", h.getMaxValue());
        return percentiles;
    }

    /** The tallies that count as one receiver: each subscriber, or the whole share group merged. */
    private List<Tally> groups(List<LoadClient> subs) {
        if (options.shareGroup() == null) {
            return subs.stream().map(s -> s.tally).toList();
        }
        Tally group = new Tally();
        subs.forEach(s -> group.merge(s.tally));
        return List.of(group);
    }

    /** Deliveries every message sent should have made, summed over the receivers. */
    private long expected(List<LoadClient> pubs) {
        int receivers = options.shareGroup() == null ? options.subscribers() : 1;
        long n = 0;
        for (LoadClient p : pubs) {
            for (int s = 0; s < receivers; s++) {
                if (options.scenario().delivers(p.index, s)) {
                    n += p.publishing().sequences();
                }
            }
        }
        return n;
    }

    private List<LoadClient> connectAll(Connector connector, int count, LoadClient.Role role, AtomicLong measureFrom)
            throws Exception {
        Semaphore pending = new Semaphore(PENDING_CONNECTS);
        List<LoadClient> clients = new ArrayList<>(count);
        long interval = options.connectRate() > 0 ? 1_000_000_000L / options.connectRate() : 0;
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            if (interval > 0) {
                long due = start + i * interval;
                while (System.nanoTime() < due) {
                    LockSupport.parkNanos(due - System.nanoTime());
                }
            }
            if (!pending.tryAcquire(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the broker answered no CONNECT for 30 s (" + i + " connected)");
            }
            LoadClient c = client(role, i, measureFrom);
            clients.add(c);
            c.ready.whenComplete((v, e) -> pending.release());
            connector.connect(c).addListener(f -> {
                if (!f.isSuccess()) {
                    c.ready.completeExceptionally(new IllegalStateException(
                            "cannot connect to " + options.host() + ":" + options.port() + ": " + f.cause().getMessage()));
                }
            });
        }
        CompletableFuture.allOf(clients.stream().map(c -> c.ready).toArray(CompletableFuture[]::new))
                .get(60, TimeUnit.SECONDS);
        return clients;
    }

    private LoadClient client(LoadClient.Role role, int i, AtomicLong measureFrom) {
        return switch (role) {
            case PUBLISHER -> {
                LoadClient c = new LoadClient("bench-" + run + "-p" + i, role, i, options, null, latency, measureFrom);
                c.publishing(new Publishing(i, options.scenario().topicOf(run, i), options));
                yield c;
            }
            case SUBSCRIBER -> new LoadClient("bench-" + run + "-s" + i, role, i, options,
                    options.scenario().filterOf(run, i, options.shareGroup()), latency, measureFrom);
            case IDLE -> new LoadClient("bench-" + run + "-c" + i, role, i, options, null, latency, measureFrom);
        };
    }

    private static void closeAll(List<LoadClient> clients) throws Exception {
        clients.forEach(LoadClient::disconnect);
        CompletableFuture.allOf(clients.stream().map(c -> c.closed).toArray(CompletableFuture[]::new))
                .get(30, TimeUnit.SECONDS);
    }

    private static long sent(List<LoadClient> pubs) {
        return pubs.stream().mapToLong(p -> p.publishing().sent.get()).sum();
    }

    private static long acked(List<LoadClient> pubs) {
        return pubs.stream().mapToLong(p -> p.publishing().acked.get()).sum();
    }

    private static long received(List<LoadClient> subs) {
        return subs.stream().mapToLong(s -> s.received.get()).sum();
    }

    /** Waits until {@code count} reaches {@code expected}, or stops growing for {@link #SETTLE}. */
    private static void waitSettled(LongSupplier count, long expected) {
        long deadline = System.nanoTime() + DRAIN_LIMIT.toNanos();
        long seen = -1;
        long since = System.nanoTime();
        while (count.getAsLong() < expected && System.nanoTime() < deadline) {
            long now = count.getAsLong();
            if (now != seen) {
                seen = now;
                since = System.nanoTime();
            } else if (System.nanoTime() - since > SETTLE.toNanos()) {
                return;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }

    private static void waitUntil(BooleanSupplier done, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!done.getAsBoolean() && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
    }

    private long rss() {
        return brokerPid > 0 ? proc.rssBytes(brokerPid) : -1;
    }

    private long cpu() {
        return brokerPid > 0 ? proc.cpuMillis(brokerPid) : -1;
    }

    private double cpuPercent(long cpuBefore, long fromNanos) {
        long now = cpu();
        if (cpuBefore < 0 || now < 0) {
            return -1;
        }
        return (now - cpuBefore) * 100.0 / TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - fromNanos);
    }
}
