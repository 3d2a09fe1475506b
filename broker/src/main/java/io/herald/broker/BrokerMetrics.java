package io.herald.broker;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The broker's counters, registered in a Micrometer registry under {@code herald.*}. Every message the
 * broker does not deliver is counted here under a reason.
 *
 * <p>What is counted per message (received, sent, dropped by reason) is counted per event loop
 * ({@link LoopCounts}: each loop in plain fields of its own, other threads in striped adders) and
 * published as {@code FunctionCounter}s that add the loops up when read ({@code herald.messages.received},
 * {@code herald.messages.sent}, {@code herald.messages.dropped{reason}}); so is what the count methods
 * return. The rest (per connection or rarer) are plain Micrometer counters.
 *
 * <p>Threads: every method may be called from any thread; per message, the caller is the event loop
 * of the publisher's or the subscriber's session, or a platform thread for in-process publishes.
 */
public final class BrokerMetrics {

    /** Why a message was not delivered to a subscriber (or not accepted from a publisher). */
    public enum DropReason {
        QUEUE_FULL,
        NOT_AUTHORIZED,
        RESERVED_TOPIC,
        NOT_WRITABLE,
        QOS0_OFFLINE,
        EXPIRED,
        TOO_LARGE,
        /** refused by a {@link io.herald.broker.publish.PublishInterceptor} */
        INTERCEPTED;

        /** The reason as {@code /metrics} and the {@code $SYS} topics name it: {@code queue_full}, ... */
        public String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Threads that get a counting cell of their own: the event loops, and margin for a few more. */
    private static final int MAX_CELLS = 256;
    private static final int RECEIVED = 0;
    private static final int SENT = 1;
    /** The first of the dropped counters, one per reason in its ordinal's order. */
    private static final int DROPPED = 2;

    private final MeterRegistry registry;
    private final LoopCounts perMessage = new LoopCounts(DROPPED + DropReason.values().length, MAX_CELLS);
    private final AtomicInteger connections = new AtomicInteger();
    private final Counter connectionsAccepted;
    private final Counter connectionsRefused;
    private final Counter protocolViolations;
    private final Counter willsRefused;
    private final Counter subscriptionsRevoked;
    private final Counter credentialsExpired;

    public BrokerMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("herald.connections", connections, AtomicInteger::get)
                .description("open MQTT network connections")
                .register(registry);
        connectionsAccepted = registry.counter("herald.connections.accepted");
        connectionsRefused = registry.counter("herald.connections.refused");
        protocolViolations = registry.counter("herald.protocol.violations");
        perMessageCounter("herald.messages.received", RECEIVED).register(registry);
        perMessageCounter("herald.messages.sent", SENT).register(registry);
        willsRefused = registry.counter("herald.wills.refused");
        subscriptionsRevoked = registry.counter("herald.subscriptions.revoked");
        credentialsExpired = registry.counter("herald.connections.expired");
        for (DropReason r : DropReason.values()) {
            perMessageCounter("herald.messages.dropped", DROPPED + r.ordinal()).tag("reason", r.tag())
                    .register(registry);
        }
    }

    private FunctionCounter.Builder<LoopCounts> perMessageCounter(String name, int counter) {
        return FunctionCounter.builder(name, perMessage, c -> c.sum(counter));
    }

    public int connectionOpened() {
        return connections.incrementAndGet();
    }

    public void connectionClosed() {
        connections.decrementAndGet();
    }

    public int openConnections() {
        return connections.get();
    }

    public void connectAccepted() {
        connectionsAccepted.increment();
    }

    public void connectRefused() {
        connectionsRefused.increment();
    }

    public void protocolViolation() {
        protocolViolations.increment();
    }

    public long protocolViolationsCount() {
        return (long) protocolViolations.count();
    }

    public void received() {
        perMessage.increment(RECEIVED);
    }

    /** Application messages received: MQTT PUBLISH packets and in-process publishes. */
    public long receivedCount() {
        return perMessage.sum(RECEIVED);
    }

    public void sent() {
        perMessage.increment(SENT);
    }

    /** Application messages sent to subscribers (PUBLISH packets written). */
    public long sentCount() {
        return perMessage.sum(SENT);
    }

    /** CONNECT packets answered, accepted or refused. */
    public long connectCount() {
        return (long) (connectionsAccepted.count() + connectionsRefused.count());
    }

    /** A will its client was not allowed to publish when it was due (also counted as a dropped message). */
    public void willRefused() {
        willsRefused.increment();
    }

    public long willsRefusedCount() {
        return (long) willsRefused.count();
    }

    /** A subscription removed because its client's rights no longer allow it. */
    public void subscriptionRevoked() {
        subscriptionsRevoked.increment();
    }

    public long subscriptionsRevokedCount() {
        return (long) subscriptionsRevoked.count();
    }

    /** A connection closed because its credential expired. */
    public void credentialExpired() {
        credentialsExpired.increment();
    }

    public void dropped(DropReason reason) {
        perMessage.increment(DROPPED + reason.ordinal());
    }

    public long droppedCount(DropReason reason) {
        return perMessage.sum(DROPPED + reason.ordinal());
    }

    /**
     * A connection closed as it was accepted, before any byte was read: {@code reason} is
     * {@code max_connections} or {@code rate_limit}.
     */
    public void listenerRefused(String listener, String reason) {
        registry.counter("herald.listener.refused", "listener", listener, "reason", reason).increment();
    }

    public long listenerRefusedCount(String listener, String reason) {
        return (long) registry.counter("herald.listener.refused", "listener", listener, "reason", reason).count();
    }

    /**
     * A TLS handshake that failed: {@code reason} is a refused client certificate ({@code missing},
     * {@code expired}, {@code not_yet_valid}, {@code untrusted}, {@code revoked}, {@code wrong_usage}) or
     * {@code timeout}, {@code not_tls}, {@code handshake}.
     */
    public void tlsRefused(String listener, String reason) {
        registry.counter("herald.tls.refused", "listener", listener, "reason", reason).increment();
    }

    /** 1 while the store can write, 0 while it cannot (a full disk): durable messages are refused then. */
    public void storeWritable(java.util.function.BooleanSupplier writable) {
        Gauge.builder("herald.store.writable", () -> writable.getAsBoolean() ? 1 : 0)
                .description("1 while the store can write, 0 while durable messages are refused")
                .register(registry);
    }

    /** Bytes buffered now for large packets still arriving, against the broker-wide budget. */
    public void partialPacketBytes(java.util.function.LongSupplier used) {
        Gauge.builder("herald.packets.partial.bytes", used::getAsLong)
                .description("bytes buffered for incomplete packets over 64 KiB")
                .register(registry);
    }

    /** The value of the gauge called {@code name}, NaN when there is none. */
    public double gauge(String name) {
        Gauge g = registry.find(name).gauge();
        return g == null ? Double.NaN : g.value();
    }

    public long tlsRefusedCount(String listener, String reason) {
        return (long) registry.counter("herald.tls.refused", "listener", listener, "reason", reason).count();
    }
}
