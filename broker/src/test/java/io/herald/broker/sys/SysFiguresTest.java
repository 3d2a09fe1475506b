package io.herald.broker.sys;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.broker.BrokerMetrics.DropReason;
import io.herald.broker.topic.Topics;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The values of the $SYS topics: Mosquitto's names and formats, loads as Mosquitto computes them. */
class SysFiguresTest {

    private static final long START = 1_000_000L;

    private final SysFigures figures = new SysFigures("1.2.3", START);

    @Test
    void atStart_versionUptimeClientsAndZeroLoads() {
        Map<String, String> f = figures.figures(reading(START, 0, 0, 3, 2));

        assertThat(f).containsEntry("$SYS/broker/version", "herald version 1.2.3")
                .containsEntry("$SYS/broker/uptime", "0 seconds")
                .containsEntry("$SYS/broker/clients/connected", "2")
                .containsEntry("$SYS/broker/clients/disconnected", "1")
                .containsEntry("$SYS/broker/clients/total", "3")
                .containsEntry("$SYS/broker/clients/maximum", "2")
                .containsEntry("$SYS/broker/load/messages/received/1min", "0.00")
                .containsEntry("$SYS/broker/load/connections/15min", "0.00")
                .containsEntry("$SYS/broker/retained messages/count", "4")
                .containsEntry("$SYS/broker/messages/stored", "4")
                .containsEntry("$SYS/broker/subscriptions/count", "5")
                .containsEntry("$SYS/broker/shared_subscriptions/count", "6");
        assertThat(f.keySet()).allSatisfy(t -> {
            assertThat(Topics.isBrokerReserved(t)).as(t).isTrue();
            assertThat(Topics.isValidName(t)).as(t).isTrue();
        });
    }

    @Test
    void drops_totalAndOnePerReason() {
        Map<DropReason, Long> dropped = zeroDrops();
        dropped.put(DropReason.QUEUE_FULL, 7L);
        dropped.put(DropReason.NOT_AUTHORIZED, 2L);

        Map<String, String> f = figures.figures(new Readings(START, 0, 0, 0, dropped, 0, 0, 0, 0, 0));

        assertThat(f).containsEntry("$SYS/broker/publish/messages/dropped", "9")
                .containsEntry("$SYS/broker/publish/messages/dropped/queue_full", "7")
                .containsEntry("$SYS/broker/publish/messages/dropped/not_authorized", "2")
                .containsEntry("$SYS/broker/publish/messages/dropped/qos0_offline", "0");
        assertThat(f.keySet().stream().filter(t -> t.startsWith("$SYS/broker/publish/messages/dropped/")))
                .hasSize(DropReason.values().length);
    }

    @Test
    void loads_decayTowardsTheRatePerMinute_likeMosquitto() {
        figures.figures(reading(START, 100, 0, 0, 0));
        // 600 messages in the next 60 s: a rate of 600 a minute; 1 - e^-1 and 1 - e^-0.2 of the way there
        Map<String, String> f = figures.figures(reading(START + 60_000, 700, 30, 0, 0));

        assertThat(f).containsEntry("$SYS/broker/uptime", "60 seconds")
                .containsEntry("$SYS/broker/messages/received", "700")
                .containsEntry("$SYS/broker/publish/messages/received", "700")
                .containsEntry("$SYS/broker/messages/sent", "30")
                .containsEntry("$SYS/broker/load/messages/received/1min", "379.27")
                .containsEntry("$SYS/broker/load/messages/received/5min", "108.76")
                .containsEntry("$SYS/broker/load/messages/received/15min", "38.70")
                .containsEntry("$SYS/broker/load/publish/received/1min", "379.27")
                .containsEntry("$SYS/broker/load/messages/sent/1min", "18.96");

        // nothing in the following minute: the 1 minute load falls by e^-1
        assertThat(figures.figures(reading(START + 120_000, 700, 30, 0, 0)))
                .containsEntry("$SYS/broker/load/messages/received/1min", "139.53");
    }

    @Test
    void maximum_keepsTheMostClientsSeenConnected() {
        figures.figures(reading(START, 0, 0, 5, 5));
        assertThat(figures.figures(reading(START + 1_000, 0, 0, 2, 1)))
                .containsEntry("$SYS/broker/clients/connected", "1")
                .containsEntry("$SYS/broker/clients/maximum", "5");
    }

    private static Readings reading(long now, long received, long sent, int sessions, int online) {
        return new Readings(now, received, sent, 0, zeroDrops(), sessions, online, 5, 6, 4);
    }

    private static Map<DropReason, Long> zeroDrops() {
        Map<DropReason, Long> dropped = new EnumMap<>(DropReason.class);
        for (DropReason r : DropReason.values()) {
            dropped.put(r, 0L);
        }
        return dropped;
    }
}
