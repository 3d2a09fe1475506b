package io.herald.platform.push;

import io.herald.broker.publish.DeliveryTracker;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What became of one push, counted as the broker reports it: how many installations it reached, how
 * many had to wait in a queue (offline), were sent, acknowledged (PUBACK), or were dropped because the
 * push expired or otherwise. The broker reports each installation's delivery on its session's loop.
 *
 * <p>Thread-safe: counters are atomics, the rest is final.
 */
public final class PushStatus implements DeliveryTracker {

    private final String pushMessageId;
    private final Instant createdAt;
    private final Instant expiresAt;
    private volatile int matched;
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicInteger delivered = new AtomicInteger();
    private final AtomicInteger acknowledged = new AtomicInteger();
    private final AtomicInteger expired = new AtomicInteger();
    private final AtomicInteger dropped = new AtomicInteger();

    public PushStatus(String pushMessageId, Instant createdAt, Instant expiresAt) {
        this.pushMessageId = pushMessageId;
        this.createdAt = createdAt;
        this.expiresAt = expiresAt;
    }

    /** An immutable snapshot of the counters. */
    public record Snapshot(String pushMessageId, Instant createdAt, Instant expiresAt, int matched, int queued,
            int delivered, int acknowledged, int expired, int dropped) {}

    void matched(int value) {
        matched = value;
    }

    public String pushMessageId() {
        return pushMessageId;
    }

    public Instant expiresAt() {
        return expiresAt;
    }

    public Snapshot snapshot() {
        return new Snapshot(pushMessageId, createdAt, expiresAt, matched, queued.get(), delivered.get(),
                acknowledged.get(), expired.get(), dropped.get());
    }

    @Override
    public void queued(String clientId) {
        queued.incrementAndGet();
    }

    @Override
    public void sent(String clientId) {
        delivered.incrementAndGet();
    }

    @Override
    public void acknowledged(String clientId) {
        acknowledged.incrementAndGet();
    }

    @Override
    public void dropped(String clientId, Drop reason) {
        (reason == Drop.EXPIRED ? expired : dropped).incrementAndGet();
    }
}
