package io.herald.broker;

import io.herald.broker.auth.Authenticator;
import io.herald.broker.auth.Authorizer;
import io.herald.broker.auth.ClientIdentity;
import io.herald.broker.auth.Principal;
import io.herald.broker.auth.EnhancedAuthenticator;
import io.herald.broker.handler.MqttPipeline;
import io.herald.broker.listener.Listeners;
import io.herald.broker.listener.MqttListener;
import io.herald.broker.listener.Transport;
import io.herald.broker.publish.DeliveryTracker;
import io.herald.broker.publish.FanoutOutcome;
import io.herald.broker.publish.FanoutRequest;
import io.herald.broker.publish.PublishInterceptor;
import io.herald.broker.publish.PublishOutcome;
import io.herald.broker.publish.PublishRequest;
import io.herald.broker.route.Fanout;
import io.herald.broker.route.Ingress;
import io.herald.broker.route.Interceptors;
import io.herald.broker.route.Router;
import io.herald.broker.session.Delivery;
import io.herald.broker.session.Session;
import io.herald.broker.session.SessionEvents;
import io.herald.broker.session.SessionOwner;
import io.herald.broker.session.SessionRegistry;
import io.herald.broker.session.SubscriptionRecheck;
import io.herald.broker.store.BrokerStore;
import io.herald.broker.store.SessionRecord;
import io.herald.broker.store.StoreHealth;
import io.herald.broker.sys.SysTopics;
import io.herald.broker.topic.Subscription;
import io.herald.broker.topic.TopicIndex;
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
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * The MQTT broker as a library: event loops, sessions, the route table, retained messages and the
 * listeners, wired from a {@link BrokerConfig}, a {@link BrokerStore} and the auth SPI.
 *
 * <p>This facade is the whole surface other modules (the platform, the server, tests) use; it never
 * hands out loop-owned state. The seams, as the platform is meant to use them:
 * <ul>
 *   <li>Identity and rights: the {@link Authenticator} accepts a CONNECT with a
 *       {@link ClientIdentity} (principal, {@link io.herald.broker.auth.Permissions}, expiry) that the
 *       broker caches per connection; the {@link Authorizer} (ACL file) applies on top.
 *   <li>Publishing: {@link #publish(PublishRequest)} goes through the same ingress as an MQTT PUBLISH
 *       and a will (reserved topics, the origin's rights, limits) and reports how many sessions matched.
 *   <li>Control: {@link #disconnect(Predicate, DisconnectReason, boolean)} revokes,
 *       {@link #updatePermissions} and {@link #recheckAuthorizer} change rights, existing subscriptions
 *       included; credentials expire on their own.
 *   <li>Observation: {@link #addSessionListener} (presence events, off the event loops),
 *       {@link #sessions()}, {@link #session(String)}, {@link #retained(String, int)}.
 * </ul>
 * Calls that act on sessions hop to the loops that own them and complete a {@link CompletionStage}
 * there; none blocks the calling thread.
 *
 * <p>Lifecycle: {@link #start} binds the listeners, starts the {@code $SYS} topics
 * ({@link BrokerConfig#sysInterval()}) and returns a running broker; {@link #close} stops them, stops
 * accepting, closes every connection, stops the event loops and closes the store. Thread-safe.
 */
public final class Broker implements AutoCloseable {

    private final BrokerCore core;
    private final BrokerStore store;
    private final Transport transport;
    private final MultiThreadIoEventLoopGroup boss;
    private final MultiThreadIoEventLoopGroup workers;
    private final MqttPipeline pipeline;
    private final Fanout fanout;
    private final SessionControl control;
    private final SessionReads reads;
    private Listeners listeners; // guarded by this
    private SysTopics sys; // guarded by this

    private Broker(BrokerCore core, BrokerStore store, Transport transport, MultiThreadIoEventLoopGroup boss,
            MultiThreadIoEventLoopGroup workers, List<EventLoop> loops) {
        this.core = core;
        this.control = new SessionControl(core.registry(), loops, core.recheck());
        this.reads = new SessionReads(core.registry(), loops, core.retained());
        this.pipeline = new MqttPipeline(core);
        this.fanout = new Fanout(core.index(), core.delivery(), store.sessions(), core.clock());
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
        Ingress ingress = new Ingress(router, authorizer, metrics, config, clock);
        SessionRegistry registry = new SessionRegistry(loops, store.sessions(), index, ingress::publishWill, clock);
        BrokerCore core = new BrokerCore(config, metrics, clock, registry, index, store.retained(), router, ingress,
                delivery, new SubscriptionRecheck(index, registry, metrics), new SessionEvents(), authenticator,
                enhanced, authorizer, new Interceptors());
        Broker broker = new Broker(core, store, transport, boss, workers, loops);
        try {
            SysTopics.forgetPrevious(store.retained());
            broker.restoreSessions();
            broker.startListeners(Listeners.start(config, broker.pipeline, metrics, clock, transport, boss, workers));
            broker.startSys(SysTopics.start(core, version()));
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
        return broker;
    }

    private synchronized void startListeners(Listeners bound) {
        listeners = bound;
    }

    private synchronized void startSys(SysTopics started) {
        sys = started;
    }

    /** This build's version, from the jar manifest; jars built outside Maven (and class folders) have none. */
    private static String version() {
        String v = Broker.class.getPackage().getImplementationVersion();
        return v == null ? "development build" : v;
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

    /**
     * Publishes a message from inside the process through the same ingress as an MQTT PUBLISH and a will:
     * reserved topics refused, the origin's rights checked ({@link io.herald.broker.publish.Origin}),
     * the broker's maximum packet size applied, then the same routing, retained handling, queues and
     * durability. Any thread; it does not block (routing happens on the calling thread, deliveries on the
     * subscribers' loops).
     *
     * @return completes with how many sessions matched and a stage for durability, or exceptionally with
     *     a {@link io.herald.broker.publish.PublishRefusedException} saying why the message was refused
     */
    public CompletionStage<PublishOutcome> publish(PublishRequest request) {
        return core.ingress().publish(request);
    }

    /**
     * Has {@code interceptor} inspect every client PUBLISH whose topic matches one of {@code filters} (no
     * {@code $share/}) before it is acknowledged or routed, whatever the subscriptions; see {@link
     * PublishInterceptor} for threads and ordering. Registrations are asked in the order they were made;
     * the first whose filter matches decides. Any thread.
     *
     * @return closing it removes the registration
     * @throws IllegalArgumentException when a filter is not valid
     */
    public AutoCloseable intercept(List<String> filters, PublishInterceptor interceptor) {
        return core.interceptors().add(filters, interceptor);
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
                owner.disconnect(DisconnectReason.ADMINISTRATIVE, reason);
            }
            done.complete(owner != null);
        });
        return done;
    }

    /**
     * Publishes one payload to many topics as one fan-out (see {@link FanoutRequest}): each owning event
     * loop gets one task for all the sessions it owns that the topics reach. Any thread; does not block.
     */
    public FanoutOutcome fanout(FanoutRequest request) {
        return fanout.route(request);
    }

    /**
     * Reports every delivery of messages carrying {@code trackingId} to {@code tracker} (see
     * {@link DeliveryTracker}) until {@link #stopTracking}. Any thread.
     *
     * @return false when the id is already tracked
     */
    public boolean track(String trackingId, DeliveryTracker tracker) {
        return core.delivery().tracking().register(trackingId, tracker);
    }

    /** Stops reporting deliveries of {@code trackingId}. Any thread. */
    public void stopTracking(String trackingId) {
        core.delivery().tracking().unregister(trackingId);
    }

    /**
     * Pins the session of {@code clientId} (the platform's push installations): it exists from now on,
     * offline until its client connects, and outlives every connection whatever the CONNECT asks (clean
     * session, session expiry); while offline it is subscribed to {@code topicFilter} at {@code qos}, so
     * messages are queued for it from the start. Pins are not stored: the platform pins again after a
     * restart. Any thread.
     *
     * @return completes once the session exists on its loop (and in the store)
     */
    public CompletionStage<Void> pinSession(String clientId, String topicFilter, int qos) {
        Subscription subscription = Subscription.of(topicFilter, qos);
        CompletableFuture<Void> done = new CompletableFuture<>();
        core.registry().loopFor(clientId).execute(() -> {
            try {
                core.registry().pin(clientId, subscription);
                done.complete(null);
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            }
        });
        return done;
    }

    /**
     * Unpins the session of {@code clientId} and ends it now: a live connection is closed (MQTT 5
     * DISCONNECT 0x98), its subscriptions and queued messages are discarded. Any thread.
     *
     * @return completes with whether a connection was closed
     */
    public CompletionStage<Boolean> unpinSession(String clientId, String reason) {
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        core.registry().loopFor(clientId).execute(() -> {
            try {
                done.complete(core.registry().unpin(clientId, reason));
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            }
        });
        return done;
    }

    /**
     * Revocation: closes every live connection whose identity matches {@code which}, within a second
     * (MQTT 5 clients get DISCONNECT with {@code reason}'s code, MQTT 3 clients are closed); their wills
     * are published as after any abnormal end, if their rights allow. With {@code discardSession} their
     * sessions end too, subscriptions and queued messages included, so a revoked credential's queue
     * stops filling; so do offline sessions whose last connection's identity matches. Any thread; the
     * predicate runs on the session loops and must be fast and thread-safe.
     *
     * @return completes with how many connections were closed
     */
    public CompletionStage<Integer> disconnect(Predicate<ClientIdentity> which, DisconnectReason reason,
            boolean discardSession) {
        return control.disconnect(which, reason, discardSession);
    }

    /** As {@link #disconnect(Predicate, DisconnectReason, boolean)}, for every connection of {@code principal}. */
    public CompletionStage<Integer> disconnect(Principal principal, DisconnectReason reason, boolean discardSession) {
        return disconnect(id -> id.principal().equals(principal), reason, discardSession);
    }

    /**
     * Replaces the cached identity (new {@link io.herald.broker.auth.Permissions}, new expiry) of every
     * live connection whose identity matches {@code which}, with {@code update} applied to it, on the
     * connection's own loop. Its subscriptions are checked again at once: those no longer allowed are
     * removed (they stop matching; the client is not disconnected), those now overlapping a deny are
     * filtered per topic. An expiry already passed disconnects the client. Any thread; {@code which} and
     * {@code update} run on the session loops and must be fast, and {@code update} must keep the client id.
     *
     * @return completes with how many connections were updated
     */
    public CompletionStage<Integer> updatePermissions(Predicate<ClientIdentity> which,
            UnaryOperator<ClientIdentity> update) {
        return control.updatePermissions(which, update);
    }

    /**
     * Checks every session's subscriptions again against its client's rights, after the
     * {@link Authorizer}'s rules changed (the server's ACL file was reloaded): subscriptions no longer
     * allowed are removed. Sessions restored from the store whose clients have not connected since are
     * checked when they do. Any thread.
     *
     * @return completes with how many subscriptions were removed
     */
    public CompletionStage<Integer> recheckAuthorizer() {
        return control.recheckAuthorizer();
    }

    /**
     * Adds a listener for {@link SessionEvent}s (connected, disconnected), delivered on the broker's
     * {@code herald-session-events} thread, never on an event loop. Any thread; add listeners before
     * clients connect to see every event.
     */
    public void addSessionListener(SessionListener listener) {
        core.events().add(listener);
    }

    /**
     * Every session (online or kept for an offline client), read on the loops that own them, sorted by
     * client id. Any thread; does not block.
     */
    public CompletionStage<List<SessionInfo>> sessions() {
        return reads.sessions();
    }

    /** The session of {@code clientId}, read on its owning loop. Any thread; does not block. */
    public CompletionStage<Optional<SessionInfo>> session(String clientId) {
        return reads.session(clientId);
    }

    /**
     * Up to {@code limit} retained messages whose topic matches {@code filter} (without
     * {@code $share/}), sorted by topic. The retained store is thread-safe, so this reads it on the
     * calling thread and returns a completed stage; it may read the disk store: call it off event loops
     * (a worker or virtual thread).
     *
     * @throws IllegalArgumentException when {@code filter} is not a valid topic filter or limit is negative
     */
    public CompletionStage<List<RetainedMessage>> retained(String filter, int limit) {
        return reads.retained(filter, limit);
    }

    /** The retained message of {@code topic}, if any; read as {@link #retained}. */
    public CompletionStage<Optional<RetainedMessage>> retainedMessage(String topic) {
        return reads.retainedMessage(topic);
    }

    /**
     * Removes the retained message of {@code topic} from the store, without publishing anything (an
     * empty retained PUBLISH would also reach current subscribers). Runs as {@link #retained}.
     *
     * @return completes with whether there was one
     * @throws IllegalArgumentException when {@code topic} is not a valid topic name
     */
    public CompletionStage<Boolean> clearRetained(String topic) {
        return reads.clearRetained(topic);
    }

    /**
     * Stops listeners, tells every client the server is shutting down (MQTT 5 DISCONNECT 0x8B), stops
     * the event loops and closes the store. Idempotent.
     */
    @Override
    public synchronized void close() {
        if (sys != null) {
            sys.close();
            sys = null;
        }
        if (listeners != null) {
            listeners.close();
            listeners = null;
        }
        pipeline.shutdownConnections(2_000);
        core.registry().releasePayloads(2_000);
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        workers.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
        core.events().close();
        store.close();
    }
}
