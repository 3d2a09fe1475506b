package io.herald.broker;

import io.herald.broker.auth.Authenticator;
import io.herald.broker.auth.Authorizer;
import io.herald.broker.auth.EnhancedAuthenticator;
import io.herald.broker.handler.MqttPipeline;
import io.herald.broker.listener.Listeners;
import io.herald.broker.listener.MqttListener;
import io.herald.broker.listener.Transport;
import io.herald.broker.message.Message;
import io.herald.broker.route.Router;
import io.herald.broker.session.Delivery;
import io.herald.broker.session.Session;
import io.herald.broker.session.SessionOwner;
import io.herald.broker.session.SessionRegistry;
import io.herald.broker.store.BrokerStore;
import io.herald.broker.store.SessionRecord;
import io.herald.broker.store.StoreHealth;
import io.herald.broker.topic.TopicIndex;
import io.herald.broker.topic.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.EventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * The MQTT broker as a library: event loops, sessions, the route table, retained messages and the
 * listeners, wired from a {@link BrokerConfig}, a {@link BrokerStore} and the auth SPI.
 *
 * <p>Lifecycle: {@link #start} binds the listeners and returns a running broker; {@link #close} stops
 * accepting, closes every connection, stops the event loops and closes the store. Thread-safe.
 */
public final class Broker implements AutoCloseable {

    private final BrokerCore core;
    private final BrokerStore store;
    private final Transport transport;
    private final MultiThreadIoEventLoopGroup boss;
    private final MultiThreadIoEventLoopGroup workers;
    private final MqttPipeline pipeline;
    private Listeners listeners; // guarded by this

    private Broker(BrokerCore core, BrokerStore store, Transport transport, MultiThreadIoEventLoopGroup boss,
            MultiThreadIoEventLoopGroup workers) {
        this.core = core;
        this.pipeline = new MqttPipeline(core);
        this.store = store;
        this.transport = transport;
        this.boss = boss;
        this.workers = workers;
    }

    /**
     * Starts a broker: restores the store's persistent sessions, then binds the plain MQTT listener
     * unless {@code config.mqttPort()} is {@link BrokerConfig#DISABLED}, and every other listener of
     * {@code config.listeners()} (TLS, WebSocket, WSS).
     *
     * @throws java.io.UncheckedIOException when a listener cannot bind; nothing is left running
     * @throws io.herald.broker.listener.TlsConfigException when the TLS files cannot be used; nothing is left running
     */
    public static Broker start(BrokerConfig config, BrokerStore store, Authenticator authenticator,
            Authorizer authorizer, MeterRegistry meters, Clock clock) {
        return start(config, store, authenticator, EnhancedAuthenticator.none(), authorizer, meters, clock);
    }

    /** As {@link #start(BrokerConfig, BrokerStore, Authenticator, Authorizer, MeterRegistry, Clock)}, with MQTT 5 enhanced authentication. */
    public static Broker start(BrokerConfig config, BrokerStore store, Authenticator authenticator,
            EnhancedAuthenticator enhanced, Authorizer authorizer, MeterRegistry meters, Clock clock) {
        Transport transport = Transport.best();
        int threads = config.workerThreads() > 0 ? config.workerThreads() : Runtime.getRuntime().availableProcessors();
        MultiThreadIoEventLoopGroup boss = transport.newGroup(1, "herald-accept");
        MultiThreadIoEventLoopGroup workers = transport.newGroup(threads, "herald-io");
        List<EventLoop> loops = new ArrayList<>();
        for (EventExecutor e : workers) {
            loops.add((EventLoop) e);
        }
        BrokerMetrics metrics = new BrokerMetrics(meters);
        metrics.storeWritable(() -> store.health().writable());
        TopicIndex<Session> index = new TopicIndex<>();
        Delivery delivery = new Delivery(config, metrics, clock);
        Router router = new Router(index, store.retained(), delivery, store.sessions());
        SessionRegistry registry = new SessionRegistry(loops, store.sessions(), index, router::route, clock);
        BrokerCore core = new BrokerCore(config, metrics, clock, registry, index, store.retained(), router, delivery,
                authenticator, enhanced, authorizer);
        Broker broker = new Broker(core, store, transport, boss, workers);
        try {
            broker.restoreSessions();
            broker.startListeners(Listeners.start(config, broker.pipeline, metrics, clock, transport, boss, workers));
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
        return broker;
    }

    private synchronized void startListeners(Listeners bound) {
        listeners = bound;
    }

    private void restoreSessions() {
        for (SessionRecord record : store.sessions().recover()) {
            core.registry().loopFor(record.clientId())
                    .submit(() -> core.registry().restore(record))
                    .syncUninterruptibly();
        }
    }

    /** The address the MQTT listener is bound to, when it is enabled. */
    public Optional<InetSocketAddress> mqttAddress() {
        return address(BrokerConfig.MQTT_LISTENER);
    }

    /** The address the listener called {@code name} is bound to, when it is enabled. */
    public synchronized Optional<InetSocketAddress> address(String name) {
        return listeners == null ? Optional.empty() : listeners.address(name);
    }

    /** The bound listeners, plain MQTT first, in configuration order. */
    public synchronized List<MqttListener> listeners() {
        return listeners == null ? List.of() : listeners.all();
    }

    /**
     * Re-reads the TLS certificate, key, client CA and CRL files and uses them for new connections; when
     * they do not build, the current ones stay and the reason is logged. Any thread.
     *
     * @return whether new certificates are in use
     */
    public boolean reloadTls() {
        Listeners l;
        synchronized (this) {
            l = listeners;
        }
        return l != null && l.reloadTls();
    }

    public String transportName() {
        return transport.name();
    }

    public BrokerMetrics metrics() {
        return core.metrics();
    }

    /** Whether the broker can keep durable messages now (its store can write), for a readiness check. Any thread. */
    public BrokerHealth health() {
        StoreHealth h = store.health();
        return new BrokerHealth(h.writable(), h.reason(), h.since());
    }

    /** The shared parts, for listeners added by other modules (TLS, WebSocket) and for tests. */
    public BrokerCore core() {
        return core;
    }

    /**
     * Publishes a message from inside the process, as if a client had sent it: the same routing,
     * retained handling, queues and limits. Any thread.
     *
     * @return completes when the message is durable for every persistent session that must receive it
     */
    public CompletionStage<Void> publish(String topic, byte[] payload, int qos, boolean retain) {
        if (!Topics.isValidName(topic)) {
            throw new IllegalArgumentException("invalid topic name: '" + topic + "'");
        }
        return core.router().route(new Message(topic, payload.clone(), qos, retain, "", core.clock().millis()))
                .durable();
    }

    /** The MQTT pipeline, for listeners added by other modules (TLS, WebSocket) on this broker's loops. */
    public MqttPipeline pipeline() {
        return pipeline;
    }

    /**
     * Disconnects the client with {@code clientId}, if it is connected (MQTT 5 clients get DISCONNECT
     * 0x98, administrative action); its will is published as after any abnormal end. Any thread.
     *
     * @return completes with whether a connection was closed
     */
    public CompletionStage<Boolean> disconnect(String clientId, String reason) {
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        core.registry().loopFor(clientId).execute(() -> {
            Session session = core.registry().get(clientId);
            SessionOwner owner = session == null ? null : session.owner();
            if (owner != null) {
                owner.disconnectByAdministrator(reason);
            }
            done.complete(owner != null);
        });
        return done;
    }

    /**
     * Stops listeners, tells every client the server is shutting down (MQTT 5 DISCONNECT 0x8B), stops
     * the event loops and closes the store. Idempotent.
     */
    @Override
    public synchronized void close() {
        if (listeners != null) {
            listeners.close();
            listeners = null;
        }
        pipeline.shutdownConnections(2_000);
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        workers.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
        store.close();
    }
}
