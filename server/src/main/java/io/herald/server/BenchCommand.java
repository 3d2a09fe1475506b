package io.herald.server;

import io.herald.bench.BenchOptions;
import io.herald.bench.BenchResult;
import io.herald.bench.BenchRun;
import io.herald.bench.Scenario;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code herald bench}: runs one load scenario against an MQTT broker and reports what it measured. */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = {
            "Runs a load scenario against an MQTT broker (Herald or any other) and reports throughput,",
            "lost and duplicated messages, latency percentiles and the broker's RSS and CPU.",
            "",
            "Scenarios: p2p (N publishers : N subscribers, a topic each), fanout (few publishers,",
            "many subscribers of one topic), fanin (many publishers, one subscriber or a $share group),",
            "connections (N idle clients)."
        },
        footer = {
            "",
            "Examples:",
            "  herald bench p2p -c 10 --qos 1 -d 30",
            "  herald bench fanout --publishers 1 --subscribers 500 --rate 10000",
            "  herald bench fanin --publishers 100 --subscribers 4 --share g1",
            "  herald bench connections --subscribers 50000 --source-addresses 10 --connect-rate 5000",
            "",
            "Exit status: 0 done, 1 the broker failed the run (unreachable, refused, QoS 1/2 messages lost),",
            "2 bad usage."
        })
final class BenchCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", description = "Scenario: p2p, fanout, fanin or connections.")
    String scenario;

    @Option(names = {"-h", "--host"}, defaultValue = "127.0.0.1", description = "Broker host (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = {"-p", "--port"}, defaultValue = "1883", description = "Broker port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--transport", defaultValue = "tcp", description = "tcp, tls (certificate not checked) or ws (default: ${DEFAULT-VALUE}).")
    String transport;

    @Option(names = "--ws-path", defaultValue = "/mqtt", description = "WebSocket path (default: ${DEFAULT-VALUE}).")
    String wsPath;

    @Option(names = {"-V", "--protocol"}, defaultValue = "4", description = "4 (MQTT 3.1.1) or 5 (default: ${DEFAULT-VALUE}).")
    int protocol;

    @Option(names = {"-c", "--clients"}, description = "p2p: publishers and subscribers each (default 10).")
    Integer clients;

    @Option(names = "--publishers", description = "Publishing clients (default: fanout 1, fanin 100, p2p --clients).")
    Integer publishers;

    @Option(names = "--subscribers", description = "Subscribing (or, for connections, idle) clients (default: fanout 100, fanin 1, connections 1000).")
    Integer subscribers;

    @Option(names = "--share", description = "fanin: the subscribers form this $share group.")
    String share;

    @Option(names = {"-q", "--qos"}, defaultValue = "0", description = "QoS of publishes and subscriptions (default: ${DEFAULT-VALUE}).")
    int qos;

    @Option(names = {"-s", "--payload"}, defaultValue = "64", description = "Payload bytes, at least 20 (default: ${DEFAULT-VALUE}).")
    int payload;

    @Option(names = {"-r", "--rate"}, defaultValue = "0", description = "Messages per second of all publishers together; 0 = as fast as possible (default: ${DEFAULT-VALUE}).")
    int rate;

    @Option(names = {"-w", "--window"}, defaultValue = "100", description = "Unacknowledged QoS 1/2 messages per publisher; QoS 0 burst size (default: ${DEFAULT-VALUE}).")
    int window;

    @Option(names = "--warmup", defaultValue = "2", description = "Warm-up seconds, not measured (default: ${DEFAULT-VALUE}).")
    double warmup;

    @Option(names = {"-d", "--duration"}, defaultValue = "10", description = "Measured seconds (default: ${DEFAULT-VALUE}).")
    double duration;

    @Option(names = "--persistent", description = "Subscribers keep their session (CleanSession 0 / Session Expiry 1 h).")
    boolean persistent;

    @Option(names = "--offline", description = "With --persistent: subscribers are offline while messages are published, then drain their queue.")
    boolean offline;

    @Option(names = "--source-addresses", defaultValue = "0", description = "Bind clients to 127.0.0.2 .. 127.0.0.(1+N) round robin; 0 = any (default: ${DEFAULT-VALUE}).")
    int sourceAddresses;

    @Option(names = "--connect-rate", defaultValue = "0", description = "Connections per second; 0 = unlimited (default: ${DEFAULT-VALUE}).")
    int connectRate;

    @Option(names = "--broker-pid", defaultValue = "0", description = "Broker process for RSS and CPU; 0 = the process listening on the port, -1 = none (default: ${DEFAULT-VALUE}).")
    long brokerPid;

    @Option(names = {"-u", "--username"}, description = "User name in every CONNECT, e.g. a platform token.")
    String username;

    @Option(names = {"-P", "--password"}, description = "Password in every CONNECT (with --username).")
    String password;

    @Option(names = "--json", description = "Write the result as JSON to this file.")
    Path json;

    @Override
    public Integer call() throws Exception {
        Scenario s = scenario();
        BenchOptions options;
        try {
            options = new BenchOptions(s, host, port, transport, wsPath, protocol, publishersFor(s), subscribersFor(s),
                    share, qos, payload, rate, window, seconds(warmup), seconds(duration), persistent, offline,
                    sourceAddresses, connectRate, brokerPid, username, password);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        BenchResult result = new BenchRun(options, line -> {
            out.println(line);
            out.flush();
        }).run();
        out.println(result.summary());
        if (json != null) {
            write(json, result.toJson());
            out.println("result written to " + json);
        }
        out.flush();
        if (qos > 0 && result.lost() > 0) {
            spec.commandLine().getErr().println("herald: the broker lost " + result.lost() + " QoS " + qos + " messages");
            return 1;
        }
        return 0;
    }

    private Scenario scenario() {
        try {
            return Scenario.valueOf(scenario.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "unknown scenario '" + scenario + "' (expected p2p, fanout, fanin or connections)");
        }
    }

    private int publishersFor(Scenario s) {
        return publishers != null ? publishers : switch (s) {
            case P2P -> clients == null ? 10 : clients;
            case FANOUT -> 1;
            case FANIN -> 100;
            case CONNECTIONS -> 0;
        };
    }

    private int subscribersFor(Scenario s) {
        return subscribers != null ? subscribers : switch (s) {
            case P2P -> clients == null ? 10 : clients;
            case FANOUT -> 100;
            case FANIN -> 1;
            case CONNECTIONS -> 1000;
        };
    }

    private static Duration seconds(double s) {
        return Duration.ofMillis(Math.round(s * 1000));
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text + "\n");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(new IOException("cannot write " + file + ": " + e.getMessage(), e));
        }
    }
}
