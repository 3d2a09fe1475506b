package io.herald.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.broker.listener.ListenerSpec;
import io.herald.broker.listener.ListenerSpec.Kind;
import io.herald.testkit.EmbeddedHerald;
import io.herald.testkit.TestPki;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The load generator over Herald's TLS and WebSocket listeners: every QoS 1 message arrives once. */
@Timeout(60)
class BenchTransportsIT {

    private static final TestPki pki = TestPki.create(Path.of("target", "pki", "bench"), "bench");

    @RegisterExtension
    static final EmbeddedHerald herald = EmbeddedHerald.create(c -> c
            .listener(new ListenerSpec("tls", Kind.TLS, null, 0))
            .listener(new ListenerSpec("ws", Kind.WS, null, 0))
            .tls(pki.serverSettings()));

    @ParameterizedTest(name = "{0} v{1}")
    @CsvSource({"tls, 4", "ws, 5"})
    void p2pQos1_overTheTransport_deliversEveryMessageOnce(String transport, int protocol) throws Exception {
        BenchOptions o = new BenchOptions(Scenario.P2P, "127.0.0.1", herald.port(transport), transport, "/mqtt",
                protocol, 2, 2, null, 1, 64, 1000, 20, Duration.ofMillis(200), Duration.ofMillis(800), false, false,
                0, 0, -1, null, null);
        BenchResult r = new BenchRun(o, line -> { }).run();
        assertThat(r.expected()).isPositive();
        assertThat(r.received()).isEqualTo(r.expected());
        assertThat(r.lost()).isZero();
        assertThat(r.duplicated()).isZero();
    }
}
