package io.herald.bench.jmh;

import io.herald.broker.BrokerConfig;
import io.herald.broker.BrokerMetrics;
import io.herald.broker.auth.Authorizer;
import io.herald.broker.auth.ClientIdentity;
import io.herald.broker.message.Message;
import io.herald.broker.route.Ingress;
import io.herald.broker.route.Router;
import io.herald.broker.session.Delivery;
import io.herald.broker.session.Rights;
import io.herald.broker.session.Session;
import io.herald.broker.session.SessionRegistry;
import io.herald.broker.store.memory.MemoryStore;
import io.herald.broker.topic.Subscription;
import io.herald.broker.topic.TopicIndex;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.EventLoop;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One QoS 0 PUBLISH as the broker routes it once decoded: {@link Ingress#publish(Message, Rights)} (the
 * reserved-topic and rights checks, as {@code PublishHandler} calls it), the router (topic index, the
 * sessions reached, their loops) and the delivery to each session, with 1 or 10 sessions subscribed to
 * each of 1,024 topics {@code device/{id}/telemetry}. The sessions are pinned and offline, on an
 * embedded event loop that counts every thread as its own, so deliveries run in place and each ends
 * counted as dropped ({@code qos0_offline}) instead of encoded and written (which
 * {@code PublishCodecBenchmark} measures). JMH's threads are Netty {@code FastThreadLocalThread}s
 * ({@link LoopThreadExecutor}), as the broker's loops are, so the per-message counters take their
 * per-loop path. Figures: ns and bytes allocated per message.
 *
 * <p>Threads: JMH's; the broker's parts are built once per trial and used by the benchmark thread only.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Djmh.executor=CUSTOM",
        "-Djmh.executor.class=io.herald.bench.jmh.LoopThreadExecutor"})
@State(Scope.Benchmark)
public class RouteBenchmark {

    private static final int TOPICS = 1 << 10;
    private static final byte[] PAYLOAD = new byte[16];

    @Param({"1", "10"})
    public int sessions;

    private EmbeddedChannel channel;
    private BrokerMetrics metrics;
    private Ingress ingress;
    private Rights publisher;
    private String[] topics;
    private int next;

    @Setup(Level.Trial)
    public void build() {
        channel = new EmbeddedChannel();
        EventLoop loop = channel.eventLoop();
        BrokerConfig config = BrokerConfig.builder().build();
        MemoryStore store = new MemoryStore();
        Clock clock = Clock.systemUTC();
        metrics = new BrokerMetrics(new SimpleMeterRegistry());
        TopicIndex<Session> index = new TopicIndex<>();
        Router router = new Router(index, store.retained(), new Delivery(config, metrics, clock), store.sessions());
        ingress = new Ingress(router, Authorizer.allowAll(), metrics, config, clock);
        SessionRegistry registry = new SessionRegistry(List.of(loop), store.sessions(), index,
                ingress::publishWill, clock);
        topics = new String[TOPICS];
        for (int id = 0; id < TOPICS; id++) {
            topics[id] = "device/" + id + "/telemetry";
            for (int s = 0; s < sessions; s++) {
                registry.pin("app-" + id + "-" + s, Subscription.of(topics[id], 0));
            }
        }
        publisher = new Rights(new ClientIdentity("publisher", null), Authorizer.allowAll());
    }

    @TearDown(Level.Trial)
    public void check() {
        channel.finishAndReleaseAll();
        if (metrics.droppedCount(BrokerMetrics.DropReason.QOS0_OFFLINE) == 0) {
            throw new IllegalStateException("no message reached a session");
        }
    }

    @Benchmark
    public int route() {
        String topic = topics[next++ & (TOPICS - 1)];
        Message message = new Message(topic, PAYLOAD, 0, false, "publisher", 0);
        return ingress.publish(message, publisher).sessions();
    }
}
