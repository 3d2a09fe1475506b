package io.herald.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What one benchmark run does: scenario, clients, message shape, pace and where the broker is.
 * Validated on construction. Immutable.
 *
 * @param publishers publishing clients (ignored for {@link Scenario#CONNECTIONS})
 * @param subscribers subscribing clients, or idle clients for {@link Scenario#CONNECTIONS}
 * @param shareGroup for {@link Scenario#FANIN}: subscribers form this {@code $share} group; null for none
 * @param protocol 4 (MQTT 3.1.1) or 5
 * @param transport tcp, tls (certificate not checked) or ws
 * @param rate messages per second of all publishers together; 0 = as fast as the window allows
 * @param window QoS 1/2 messages a publisher keeps unacknowledged (QoS 0: messages per write burst)
 * @param persistent subscribers keep their session (CleanSession 0 / Session Expiry 1 hour)
 * @param offline subscribers subscribe, then disconnect for the run and reconnect to drain
 * @param sourceAddresses local addresses 127.0.0.2 … 127.0.0.(1+n) the clients bind to round robin; 0 = any
 * @param connectRate connections opened per second (0 = unlimited)
 * @param brokerPid the broker's process, for RSS and CPU; 0 = find it by the port, -1 = do not measure
 * @param username user name every client sends in CONNECT (e.g. a platform token); null for none
 * @param password password every client sends with the user name; null for none
 */
public record BenchOptions(
        Scenario scenario, String host, int port, String transport, String wsPath, int protocol,
        int publishers, int subscribers, String shareGroup, int qos, int payloadSize, int rate, int window,
        Duration warmup, Duration duration, boolean persistent, boolean offline, int sourceAddresses,
        int connectRate, long brokerPid, String username, String password) {

    /** The smallest payload: sequence number, publisher index and send time. */
    public static final int MIN_PAYLOAD = Payload.HEADER;

    public BenchOptions {
        List<String> errors = new ArrayList<>();
        check(errors, port >= 1 && port <= 65_535, "port must be 1..65535");
        check(errors, List.of("tcp", "tls", "ws").contains(transport), "transport must be tcp, tls or ws");
        check(errors, protocol == 4 || protocol == 5, "protocol must be 4 (MQTT 3.1.1) or 5");
        check(errors, qos >= 0 && qos <= 2, "qos must be 0, 1 or 2");
        check(errors, subscribers >= 1, "subscribers must be at least 1");
        check(errors, scenario == Scenario.CONNECTIONS || publishers >= 1, "publishers must be at least 1");
        check(errors, scenario != Scenario.P2P || publishers == subscribers,
                "p2p needs as many publishers as subscribers");
        check(errors, scenario != Scenario.FANIN || shareGroup != null || subscribers == 1,
                "fanin has one subscriber unless --share names a group");
        check(errors, shareGroup == null || scenario == Scenario.FANIN, "--share is for fanin");
        check(errors, payloadSize >= MIN_PAYLOAD && payloadSize <= 256 * 1024 * 1024,
                "payload must be " + MIN_PAYLOAD + " bytes .. 256 MB");
        check(errors, rate >= 0, "rate must not be negative");
        check(errors, window >= 1 && window <= 65_535, "window must be 1..65535");
        check(errors, !warmup.isNegative(), "warm-up must not be negative");
        check(errors, duration.toMillis() >= 100, "duration must be at least 100 ms");
        check(errors, !offline || persistent, "--offline needs --persistent");
        check(errors, !offline || qos > 0, "--offline needs qos 1 or 2 (QoS 0 is not queued)");
        check(errors, sourceAddresses >= 0 && sourceAddresses <= 250, "source addresses must be 0..250");
        check(errors, connectRate >= 0, "connect rate must not be negative");
        check(errors, password == null || username != null, "--password needs --username");
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", errors));
        }
    }

    private static void check(List<String> errors, boolean ok, String message) {
        if (!ok) {
            errors.add(message);
        }
    }
}
