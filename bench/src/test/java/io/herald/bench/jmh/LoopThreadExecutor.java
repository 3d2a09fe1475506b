package io.herald.bench.jmh;

import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * JMH's benchmark threads as Netty {@code FastThreadLocalThread}s, the kind of thread the broker's event
 * loops run on, so that code which treats loop threads differently (per-loop counters) takes its loop
 * path. A benchmark selects it with {@code -Djmh.executor=CUSTOM
 * -Djmh.executor.class=io.herald.bench.jmh.LoopThreadExecutor} in its fork's JVM arguments; JMH calls
 * the constructor.
 *
 * <p>Threads: a fixed pool of {@code maxThreads}, owned by JMH.
 */
public final class LoopThreadExecutor extends ThreadPoolExecutor {

    public LoopThreadExecutor(int maxThreads, String prefix) {
        super(maxThreads, maxThreads, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                new DefaultThreadFactory(prefix, true));
    }
}
