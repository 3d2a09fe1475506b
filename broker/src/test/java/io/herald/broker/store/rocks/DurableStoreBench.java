package io.herald.broker.store.rocks;

import io.herald.broker.Broker;
import io.herald.broker.BrokerConfig;
import io.herald.broker.auth.Authenticator;
import io.herald.broker.auth.Authorizer;
import io.herald.broker.store.BrokerStore;
import io.herald.broker.store.memory.MemoryStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * Measures the store under the broker (not a test): QoS 1 throughput to persistent sessions, and the
 * heap a million queued messages take. One run per JVM, so that heaps do not mix:
 *
 * <pre>
 * java -Xmx1g -cp CLASSPATH io.herald.broker.store.rocks.DurableStoreBench online|offline memory|sync|async
 * java -Xmx1g -cp CLASSPATH io.herald.broker.store.rocks.DurableStoreBench heap memory|sync
 * </pre>
 *
 * online / offline: 4 publishers, each keeping 100 QoS 1 messages unacknowledged, send 50,000 messages
 * of 100 bytes each to 2 persistent subscribers (CleanSession 0), connected and acknowledging everything
 * or offline (every message queued); prints publisher acknowledgements per second and deliveries per
 * second. heap: 1,000,000 messages of 100 bytes for one offline persistent subscriber; prints the heap
 * used after a full GC, before and after. {@code -Dinflight=N} caps the broker's in-flight window per
 * session ({@code --max-inflight}; default 65,535, as {@code herald serve}, so these MQTT 3.1.1
 * clients get 1,000, docs/architecture.md "The outbound in-flight window"); with a small window most
 * messages to online subscribers pass through their queue.
 */
public final class DurableStoreBench {

    private static final byte[] PAYLOAD = new byte[100];

    private DurableStoreBench() {}

    public static void main(String[] args) throws Exception {
        String what = args[0];
        String storeKind = args[1];
        Path dir = Files.createTempDirectory("herald-bench");
        BrokerStore store = switch (storeKind) {
            case "memory" -> new MemoryStore();
            case "sync" -> RocksStore.open(dir, Durability.SYNC, Clock.systemUTC());
            case "async" -> RocksStore.open(dir, Durability.ASYNC, Clock.systemUTC());
            default -> throw new IllegalArgumentException("store: memory, sync or async");
        };
        BrokerConfig config = BrokerConfig.builder().bind("127.0.0.1").mqttPort(0).maxInflight(Integer.getInteger("inflight", 65_535)).maxQueuedMessages(2_000_000)
                .maxQueuedBytes(1L << 32).build();
        Broker broker = Broker.start(config, store, Authenticator.allowAll(), Authorizer.allowAll(),
                new SimpleMeterRegistry(), Clock.systemUTC());
        MultiThreadIoEventLoopGroup clients = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        try {
            InetSocketAddress address = broker.mqttAddress().orElseThrow();
            switch (what) {
                case "heap" -> heap(address, clients, storeKind);
                case "online" -> throughput(address, clients, storeKind, true);
                case "offline" -> throughput(address, clients, storeKind, false);
                default -> throw new IllegalArgumentException("measure: online, offline or heap");
            }
        } finally {
            clients.shutdownGracefully().syncUninterruptibly();
            broker.close();
            deleteTree(dir);
        }
    }

    private static void throughput(InetSocketAddress address, MultiThreadIoEventLoopGroup group, String store,
            boolean online) {
        int publishers = 4;
        int subscribers = 2;
        long perPublisher = 50_000;
        List<BenchClient> subs = new ArrayList<>();
        for (int i = 0; i < subscribers; i++) {
            BenchClient sub = BenchClient.connect(group, address, "sub-" + i, "bench/#");
            if (online) {
                subs.add(sub);
            } else {
                sub.close();
            }
        }
        List<BenchClient> pubs = new ArrayList<>();
        for (int i = 0; i < publishers; i++) {
            pubs.add(BenchClient.connect(group, address, "pub-" + i, null));
        }
        long total = publishers * perPublisher;
        long start = System.nanoTime();
        for (int i = 0; i < publishers; i++) {
            pubs.get(i).publish("bench/" + i, PAYLOAD, perPublisher, 100);
        }
        long ackedAt = 0;
        long expected = online ? total * subscribers : 0;
        while (subs.stream().mapToLong(s -> s.received.get()).sum() < expected
                || pubs.stream().mapToLong(p -> p.acked.get()).sum() < total) {
            if (ackedAt == 0 && pubs.stream().mapToLong(p -> p.acked.get()).sum() == total) {
                ackedAt = System.nanoTime();
            }
            LockSupport.parkNanos(1_000_000);
        }
        long deliveredAt = System.nanoTime();
        if (ackedAt == 0) {
            ackedAt = deliveredAt;
        }
        System.out.printf("throughput subscribers=%s store=%s messages=%d acked/s=%.0f delivered/s=%.0f%n",
                online ? "online" : "offline", store, total, total / ((ackedAt - start) / 1e9),
                online ? total * subscribers / ((deliveredAt - start) / 1e9) : 0);
        subs.forEach(BenchClient::close);
        pubs.forEach(BenchClient::close);
    }

    private static void heap(InetSocketAddress address, MultiThreadIoEventLoopGroup group, String store)
            throws IOException {
        long messages = 1_000_000;
        BenchClient.connect(group, address, "offline", "bench/#").close();
        long before = heapAfterGc();
        BenchClient pub = BenchClient.connect(group, address, "pub", null);
        long start = System.nanoTime();
        pub.publish("bench/heap", PAYLOAD, messages, 1_000);
        while (pub.acked.get() < messages) {
            LockSupport.parkNanos(10_000_000);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long after = heapAfterGc();
        System.out.printf("heap store=%s queued=%d heap-before=%dMB heap-after=%dMB grew=%dMB process-rss=%dMB"
                + " (%.0f msg/s queued)%n", store, messages, before >> 20, after >> 20, (after - before) >> 20,
                residentMegabytes(), messages / seconds);
        pub.close();
    }

    private static long heapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** The process's resident memory (heap, RocksDB's memtables and caches, code), from /proc. */
    private static long residentMegabytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) >> 10;
            }
        }
        return -1;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
