package io.herald.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.DefaultEventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class LoopCountsTest {

    private static final int PER_THREAD = 100_000;

    @Test
    void increment_fromSeveralLoopsAndOtherThreads_sumsAddUp() throws Exception {
        LoopCounts counts = new LoopCounts(2, 16);
        DefaultEventLoopGroup loops = new DefaultEventLoopGroup(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (EventExecutor loop : loops) {
                done.add(loop.submit(() -> count(counts)));
            }
            List<Thread> others = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                others.add(Thread.ofPlatform().start(() -> count(counts)));
            }
            for (Future<?> f : done) {
                f.get(20, TimeUnit.SECONDS);
            }
            for (Thread t : others) {
                t.join();
            }
        } finally {
            loops.shutdownGracefully(0, 0, TimeUnit.SECONDS).sync();
        }

        assertThat(counts.sum(0)).isEqualTo(7L * PER_THREAD);
        assertThat(counts.sum(1)).isEqualTo(7L * PER_THREAD * 2);
        assertThat(counts.cellCount()).as("one cell per loop, none for the other threads").isEqualTo(4);
    }

    @Test
    void increment_loopsPastTheLastCell_countInTheSharedAdder() throws Exception {
        LoopCounts counts = new LoopCounts(1, 2);
        DefaultEventLoopGroup loops = new DefaultEventLoopGroup(5);
        try {
            for (EventExecutor loop : loops) {
                loop.submit(() -> counts.increment(0)).get(20, TimeUnit.SECONDS);
            }
        } finally {
            loops.shutdownGracefully(0, 0, TimeUnit.SECONDS).sync();
        }

        assertThat(counts.cellCount()).isEqualTo(2);
        assertThat(counts.sum(0)).isEqualTo(5);
    }

    private static void count(LoopCounts counts) {
        for (int i = 0; i < PER_THREAD; i++) {
            counts.increment(0);
            counts.increment(1);
            counts.increment(1);
        }
    }
}
