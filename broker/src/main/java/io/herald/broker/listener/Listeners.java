package io.herald.broker.listener;

import io.herald.broker.BrokerConfig;
import io.herald.broker.BrokerMetrics;
import io.herald.broker.handler.MqttPipeline;
import io.netty.channel.EventLoopGroup;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The broker's bound listeners and the TLS context they share: binds every listener a
 * {@link BrokerConfig} asks for, each with its own connection limit and connect rate, and reloads the
 * certificates on request.
 *
 * <p>Threads: started and closed by the broker's owner thread; {@link #reloadTls} from any thread.
 */
public final class Listeners implements AutoCloseable {

    private final List<MqttListener> bound = new ArrayList<>();
    private final TlsContexts tls;

    private Listeners(TlsContexts tls) {
        this.tls = tls;
    }

    /**
     * Loads the certificates (when a listener needs them) and binds every listener: plain MQTT on
     * {@code config.mqttPort()} unless it is {@link BrokerConfig#DISABLED}, then {@code config.listeners()}.
     *
     * @throws java.io.UncheckedIOException when a listener cannot bind; nothing is left bound
     * @throws TlsConfigException when the certificates cannot be used
     */
    public static Listeners start(BrokerConfig config, MqttPipeline pipeline, BrokerMetrics metrics, Clock clock,
            Transport transport, EventLoopGroup boss, EventLoopGroup workers) {
        List<ListenerSpec> specs = new ArrayList<>();
        if (config.mqttPort() != BrokerConfig.DISABLED) {
            specs.add(new ListenerSpec(BrokerConfig.MQTT_LISTENER, ListenerSpec.Kind.TCP, null, config.mqttPort()));
        }
        specs.addAll(config.listeners());
        boolean needsTls = specs.stream().anyMatch(s -> s.kind().tls());
        Listeners listeners = new Listeners(needsTls ? TlsContexts.load(config.tls(), clock) : null);
        try {
            for (ListenerSpec spec : specs) {
                AcceptGate gate = new AcceptGate(spec.name(), config.maxConnections(), config.maxConnectionsPerListener(),
                        new ConnectRateLimiter(config.connectRate(), clock), metrics);
                ListenerInitializer initializer = new ListenerInitializer(spec, pipeline, listeners.tls,
                        config.tlsHandshakeTimeout(), config.webSocketPath(), config.maxPacketSize(),
                        config.connectTimeout(), metrics, clock);
                InetSocketAddress address = new InetSocketAddress(spec.hostOr(config.bind()), spec.port());
                listeners.bound.add(MqttListener.bind(spec, address, transport, boss, workers, gate, initializer));
            }
        } catch (RuntimeException e) {
            listeners.close();
            throw e;
        }
        return listeners;
    }

    public List<MqttListener> all() {
        return List.copyOf(bound);
    }

    /** The address of the listener called {@code name}, when it is bound. */
    public Optional<InetSocketAddress> address(String name) {
        return bound.stream().filter(l -> l.name().equals(name)).findFirst().map(MqttListener::localAddress);
    }

    /**
     * Re-reads the certificate files and puts a new TLS context in use for new connections, even if
     * they look unchanged; keeps the current one (and logs why) when they do not build.
     *
     * @return whether a new context is in use; false also when no listener uses TLS
     */
    public boolean reloadTls() {
        return tls != null && tls.reload(true);
    }

    /** Stops accepting on every listener and stops watching the certificate files. Idempotent. */
    @Override
    public void close() {
        for (MqttListener l : bound) {
            l.close();
        }
        bound.clear();
        if (tls != null) {
            tls.close();
        }
    }
}
