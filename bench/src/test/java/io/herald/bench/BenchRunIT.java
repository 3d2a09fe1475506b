package io.herald.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.testkit.EmbeddedHerald;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Short runs of every message scenario against an embedded Herald: every message counted, none lost. */
@Timeout(120)
class BenchRunIT {

    @RegisterExtension
    static final EmbeddedHerald herald = EmbeddedHerald.create();

    private final List<String> progress = new ArrayList<>();

    private BenchOptions options(Scenario s, int pubs, int subs, String share, int qos, int protocol, int rate,
            boolean persistent, boolean offline) {
        return new BenchOptions(s, "127.0.0.1", herald.mqttPort(), "tcp", "/mqtt", protocol, pubs, subs, share, qos, 100,
                rate, 20, Duration.ofMillis(300), Duration.ofSeconds(1), persistent, offline, 0, 0, -1, null, null);
    }

    @ParameterizedTest(name = "{0} qos {4} v{5}")
    @CsvSource({
        "P2P, 3, 3, , 1, 4",
        "FANOUT, 1, 4, , 2, 5",
        "FANIN, 4, 1, , 1, 4",
        "FANIN, 4, 2, g1, 1, 5",
    })
    void qos12Scenario_atAFixedRate_deliversEveryMessageExactlyAsExpected(Scenario s, int pubs, int subs, String share,
            int qos, int protocol) throws Exception {
        BenchResult r = new BenchRun(options(s, pubs, subs, share, qos, protocol, 2000, false, false), progress::add).run();
        assertThat(r.expected()).isPositive();
        assertThat(r.lost()).isZero();
        assertThat(r.duplicated()).isZero();
        assertThat(r.received()).isEqualTo(r.expected());
        assertThat(r.sent()).isPositive();
        assertThat(r.sentPerSecond()).isLessThanOrEqualTo(2000 * 1.05); // a fixed rate is never exceeded
        assertThat(r.latencyMicros().get("p50")).isPositive();
        assertThat(progress).isNotEmpty();
    }

    @Test
    void offlinePersistentSubscribers_drainTheirQueueOnReturn() throws Exception {
        BenchResult r = new BenchRun(options(Scenario.P2P, 2, 2, null, 1, 5, 0, true, true), progress::add).run();
        assertThat(r.expected()).isPositive();
        assertThat(r.lost()).isZero();
        assertThat(r.received()).isGreaterThanOrEqualTo(r.expected());
    }

    @Test
    void connections_areHeldAndCounted() throws Exception {
        BenchOptions o = new BenchOptions(Scenario.CONNECTIONS, "127.0.0.1", herald.mqttPort(), "tcp", "/mqtt", 4, 0, 200,
                null, 0, 64, 0, 10, Duration.ZERO, Duration.ofMillis(200), false, false, 4, 0, 0, "bench-user", "secret");
        BenchResult r = new BenchRun(o, progress::add).run();
        assertThat(r.connections()).isEqualTo(200);
        assertThat(r.connectPerSecond()).isPositive();
        assertThat(r.latencyMicros().get("p50")).isPositive(); // CONNECT to CONNACK of every idle client
        assertThat(r.latencyMicros().get("max")).isGreaterThanOrEqualTo(r.latencyMicros().get("p99"));
        assertThat(r.summary()).contains("connect-latency-us p50=");
        assertThat(r.rssPerConnectionBytes()).isNotNegative(); // the broker is this process, found by its port
        assertThat(r.toJson()).contains("\"connections\" : 200");
    }
}
