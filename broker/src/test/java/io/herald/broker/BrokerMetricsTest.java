package io.herald.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.broker.BrokerMetrics.DropReason;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.DefaultEventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class BrokerMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final BrokerMetrics metrics = new BrokerMetrics(registry);

    @Test
    void perMessageCounts_fromLoopsAndOtherThreads_publishedAsSumsUnderTheSameMeterNames() throws Exception {
        DefaultEventLoopGroup loops = new DefaultEventLoopGroup(3);
        try {
            for (EventExecutor loop : loops) {
                loop.submit(() -> {
                    for (int i = 0; i < 1000; i++) {
                        metrics.received();
                        metrics.sent();
                        metrics.sent();
                        metrics.dropped(DropReason.QUEUE_FULL);
                    }
                }).get(20, TimeUnit.SECONDS);
            }
        } finally {
            loops.shutdownGracefully(0, 0, TimeUnit.SECONDS).sync();
        }
        metrics.received(); // an in-process publish on a thread that is not a loop
        metrics.dropped(DropReason.TOO_LARGE);

        assertThat(metrics.receivedCount()).isEqualTo(3001);
        assertThat(metrics.sentCount()).isEqualTo(6000);
        assertThat(metrics.droppedCount(DropReason.QUEUE_FULL)).isEqualTo(3000);
        assertThat(metrics.droppedCount(DropReason.TOO_LARGE)).isEqualTo(1);
        assertThat(metrics.droppedCount(DropReason.EXPIRED)).isZero();
        assertThat(registry.get("herald.messages.received").functionCounter().count()).isEqualTo(3001);
        assertThat(registry.get("herald.messages.sent").functionCounter().count()).isEqualTo(6000);
        assertThat(registry.get("herald.messages.dropped").tag("reason", "queue_full").functionCounter().count())
                .isEqualTo(3000);
        assertThat(registry.get("herald.messages.dropped").tag("reason", "too_large").functionCounter().count())
                .isEqualTo(1);
        assertThat(registry.get("herald.messages.dropped").functionCounters()).hasSize(DropReason.values().length);
    }
}
