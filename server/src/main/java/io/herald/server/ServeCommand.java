package io.herald.server;

import io.herald.broker.Broker;
import io.herald.broker.BrokerConfig;
import io.herald.broker.listener.ListenerSpec;
import io.herald.broker.listener.MqttListener;
import io.herald.broker.store.BrokerStore;
import io.herald.broker.store.memory.MemoryStore;
import io.herald.broker.store.rocks.RocksStore;
import io.herald.server.auth.AccessControl;
import io.herald.server.auth.ConfigFileException;
import io.herald.server.config.ConfigOptions;
import io.herald.server.config.PrintConfig;
import io.herald.server.config.SettingSources;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import sun.misc.Signal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code herald serve}: runs the server until SIGTERM or SIGINT, then closes listeners and stores and exits 0. */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description = {
            "Runs the Herald server. Every option can also come from an environment variable",
            "named after it (--mqtt-port from HERALD_MQTT_PORT) or from a YAML file, --config",
            "FILE or else herald.yaml in the working directory, as a key (mqtt-port: 1883)."
        })
final class ServeCommand implements Callable<Integer> {

    /** Storage back ends. */
    enum Storage {
        memory,
        rocksdb
    }

    /** When a write to the rocksdb store counts as durable. */
    enum Durability {
        sync,
        async;

        io.herald.broker.store.rocks.Durability toStore() {
            return this == sync ? io.herald.broker.store.rocks.Durability.SYNC : io.herald.broker.store.rocks.Durability.ASYNC;
        }
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--bind", defaultValue = "127.0.0.1", description = "Address the listeners bind to (default: ${DEFAULT-VALUE}).")
    String bind;

    @Option(names = "--mqtt-port", defaultValue = "1883", description = "MQTT over TCP port; 0 disables it (default: ${DEFAULT-VALUE}).")
    int mqttPort;

    @CommandLine.Mixin
    ListenerOptions listenerOptions;

    @CommandLine.Mixin
    PlatformOptions platformOptions;

    @CommandLine.Mixin
    ConfigOptions configOptions;

    @Option(names = "--data-dir", defaultValue = "./data", description = "Directory for durable data (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--storage", defaultValue = "rocksdb", description = "Storage: ${COMPLETION-CANDIDATES}; rocksdb keeps"
            + " sessions, queues and retained messages in <data-dir>/store, memory loses them on exit (default: ${DEFAULT-VALUE}).")
    Storage storage;

    @Option(names = "--durability", defaultValue = "sync", description = "With rocksdb: sync acknowledges a QoS 1/2 message"
            + " for a persistent session once it is on disk (fsync, shared by many messages); async once the OS has it,"
            + " synced every second (default: ${DEFAULT-VALUE}).")
    Durability durability;

    @Option(names = "--max-connections", defaultValue = "0", description = "Most concurrent connections; 0 for no limit (default: ${DEFAULT-VALUE}).")
    int maxConnections;

    @Option(names = "--max-packet-size", defaultValue = "1048576", description = "Largest MQTT packet accepted, bytes (default: ${DEFAULT-VALUE}).")
    int maxPacketSize;

    @Option(names = "--max-inflight", defaultValue = "65535", description = "Cap on unacknowledged QoS 1/2 messages"
            + " per session; below it an MQTT 5 client gets its Receive Maximum, an MQTT 3.1/3.1.1 client 1000"
            + " (default: ${DEFAULT-VALUE}, no cap).")
    int maxInflight;

    @Option(names = "--max-queued-messages", defaultValue = "10000", description = "Messages queued per session (default: ${DEFAULT-VALUE}).")
    int maxQueuedMessages;

    @Option(names = "--max-queued-bytes", defaultValue = "67108864", description = "Bytes queued per session (default: ${DEFAULT-VALUE}).")
    long maxQueuedBytes;

    @Option(names = "--queue-overflow", defaultValue = "DROP_OLDEST", description = "When a session queue is full: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    BrokerConfig.QueueOverflow overflow;

    @Option(names = "--connect-timeout", defaultValue = "10", description = "Seconds a new connection has to send CONNECT (default: ${DEFAULT-VALUE}).")
    int connectTimeoutSeconds;

    @Option(names = "--receive-maximum", defaultValue = "1024", description = "MQTT 5: unacknowledged QoS 1/2 messages a client may send us (default: ${DEFAULT-VALUE}).")
    int receiveMaximum;

    @Option(names = "--topic-alias-maximum", defaultValue = "256", description = "MQTT 5: topic aliases a client may set, 0 for none (default: ${DEFAULT-VALUE}).")
    int topicAliasMaximum;

    @Option(names = "--max-keep-alive", defaultValue = "65535", description = "MQTT 5: longest keep alive accepted in seconds; longer requests get Server Keep Alive (default: ${DEFAULT-VALUE}, any).")
    int maxKeepAlive;

    @Option(names = "--sys-interval", defaultValue = "10", description = "Seconds between updates of the broker's"
            + " status on the retained $SYS/broker/... topics (docs/sys-topics.md); 0 disables them"
            + " (default: ${DEFAULT-VALUE}).")
    int sysIntervalSeconds;

    @Option(names = "--allow-anonymous", arity = "1", paramLabel = "true|false", description = "Whether clients without"
            + " a user name may connect (default: only while every listener binds a loopback address).")
    Boolean allowAnonymous;

    @Option(names = "--password-file", paramLabel = "FILE", description = "Users and their Argon2id password hashes,"
            + " one user:hash a line, written with 'herald passwd'; re-read on change and SIGHUP.")
    Path passwordFile;

    @Option(names = "--acl-file", paramLabel = "FILE", description = "YAML rules for who may publish and subscribe"
            + " to which topics (docs/acl.md); re-read on change and SIGHUP.")
    Path aclFile;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        SettingSources sources = (SettingSources) spec.defaultValueProvider();
        if (configOptions.printConfig()) {
            out.print(PrintConfig.render(spec, sources));
            out.flush();
            return 0;
        }
        sources.file(spec).ifPresent(f -> out.println("config file " + f.path() + ": " + f.entries().size() + " settings"));
        BrokerConfig config = config(out);
        AccessControl access = accessControl();
        PlatformRuntime platform;
        try {
            platform = PlatformRuntime.open(platformOptions, dataDir, spec.commandLine());
        } catch (RuntimeException e) {
            access.close();
            throw e;
        }
        BrokerStore store = openStore();
        Broker broker;
        try {
            broker = Broker.start(config, store, platform.authenticator(access.authenticator()), access.authorizer(),
                    platform.registry(), Clock.systemUTC());
            platform.startRest(platformOptions, broker, config, listenerOptions, bind, dataDir, spec.commandLine(), out);
        } catch (RuntimeException e) {
            platform.close();
            access.close();
            throw e;
        }
        access.onAclChange(broker::recheckAuthorizer);
        Signal.handle(new Signal("HUP"), s -> {
            access.reload(true);
            broker.reloadTls();
        });
        CountDownLatch stopRequested = new CountDownLatch(1);
        Signal.handle(new Signal("TERM"), s -> stopRequested.countDown());
        Signal.handle(new Signal("INT"), s -> stopRequested.countDown());
        for (MqttListener l : broker.listeners()) {
            out.println("listening " + l.name() + " " + l.localAddress().getHostString() + ":" + l.localAddress().getPort());
        }
        access.startupLines().forEach(out::println);
        settleHeap();
        out.println("herald ready (storage " + storage + ", transport " + broker.transportName() + ")");
        out.flush();
        stopRequested.await();
        broker.close();
        platform.close();
        access.close();
        out.println("herald stopped");
        out.flush();
        return 0;
    }

    /**
     * One full collection once everything has started, before the server says it is ready: what start-up
     * built and keeps (the catalog, caches, the password hasher's 19 MiB of Argon2 blocks, about 23 MB)
     * moves to the old generation now, instead of being copied by the first young collections under
     * load. Measured (docs/benchmarks.md, issue 15): those took 25–30 ms each, stalling every client of
     * the loop, where the later ones took 1 ms. Does nothing under -XX:+DisableExplicitGC.
     */
    private static void settleHeap() {
        System.gc();
    }

    /** The broker's settings from the options; writes what it generates (a development CA) to {@code out}. */
    BrokerConfig config(PrintWriter out) {
        if (mqttPort < 0 || mqttPort > 65_535) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--mqtt-port must be 0..65535 (0 disables the listener): " + mqttPort);
        }
        if (sysIntervalSeconds < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--sys-interval must be 0 or more seconds (0 disables the $SYS topics): " + sysIntervalSeconds);
        }
        try {
            BrokerConfig.Builder builder = BrokerConfig.builder()
                    .bind(bind)
                    .mqttPort(mqttPort == 0 ? BrokerConfig.DISABLED : mqttPort)
                    .maxConnections(maxConnections)
                    .maxPacketSize(maxPacketSize)
                    .maxInflight(maxInflight)
                    .maxQueuedMessages(maxQueuedMessages)
                    .maxQueuedBytes(maxQueuedBytes)
                    .overflow(overflow)
                    .connectTimeout(Duration.ofSeconds(connectTimeoutSeconds))
                    .receiveMaximum(receiveMaximum)
                    .topicAliasMaximum(topicAliasMaximum)
                    .maxKeepAlive(maxKeepAlive)
                    .sysInterval(Duration.ofSeconds(sysIntervalSeconds));
            listenerOptions.configure(builder, bind, dataDir, spec.commandLine(), out);
            return builder.build();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private AccessControl accessControl() {
        try {
            return AccessControl.start(new AccessControl.Settings(allowAnonymous, passwordFile, aclFile,
                    Duration.ofSeconds(2)), listenerAddresses());
        } catch (ConfigFileException e) {
            String flag = e.file().equals(aclFile) ? "--acl-file " : "--password-file ";
            throw new CommandLine.ParameterException(spec.commandLine(), flag + e.getMessage());
        }
    }

    /** The address of every listener that will bind: anonymous clients are allowed by default only if all are loopback. */
    private List<InetAddress> listenerAddresses() {
        List<InetAddress> addresses = new ArrayList<>();
        if (mqttPort != 0) {
            addresses.add(resolve("--bind", bind));
        }
        for (ListenerSpec l : listenerOptions.listeners(bind, spec.commandLine())) {
            addresses.add(resolve(l.host().equals(bind) ? "--bind" : "--" + l.name() + "-bind", l.host()));
        }
        return addresses;
    }

    private InetAddress resolve(String flag, String host) {
        try {
            return InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), flag + ": unknown host " + host);
        }
    }

    private BrokerStore openStore() {
        return switch (storage) {
            case memory -> new MemoryStore();
            case rocksdb -> RocksStore.open(dataDir.resolve("store"), durability.toStore(), Clock.systemUTC());
        };
    }
}
