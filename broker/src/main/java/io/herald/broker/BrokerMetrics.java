package io.herald.broker;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The broker's counters, registered in a Micrometer registry under {@code herald.*}. Thread-safe.
 * Every message the broker does not deliver is counted here under a reason.
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
        TOO_LARGE;

        final String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final AtomicInteger connections = new AtomicInteger();
    private final Counter connectionsAccepted;
    private final Counter connectionsRefused;
    private final Counter protocolViolations;
    private final Counter messagesReceived;
    private final Counter messagesSent;
    private final Counter[] dropped;

    public BrokerMetrics(MeterRegistry registry) {
        Gauge.builder("herald.connections", connections, AtomicInteger::get)
                .description("open MQTT network connections")
                .register(registry);
        connectionsAccepted = registry.counter("herald.connections.accepted");
        connectionsRefused = registry.counter("herald.connections.refused");
        protocolViolations = registry.counter("herald.protocol.violations");
        messagesReceived = registry.counter("herald.messages.received");
        messagesSent = registry.counter("herald.messages.sent");
        DropReason[] reasons = DropReason.values();
        dropped = new Counter[reasons.length];
        for (DropReason r : reasons) {
            dropped[r.ordinal()] = registry.counter("herald.messages.dropped", "reason", r.tag());
        }
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

    public void received() {
        messagesReceived.increment();
    }

    public void sent() {
        messagesSent.increment();
    }

    public void dropped(DropReason reason) {
        dropped[reason.ordinal()].increment();
    }

    public long droppedCount(DropReason reason) {
        return (long) dropped[reason.ordinal()].count();
    }


}
