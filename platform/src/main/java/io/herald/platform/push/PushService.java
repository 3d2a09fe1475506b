package io.herald.platform.push;

import io.herald.platform.ErrorCode;
import io.herald.platform.PlatformException;
import io.herald.platform.auth.Secrets;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Predicate;

/**
 * Sends pushes: every delivered message is one JSON object, the sender's {@code data} merged with
 * {@code sender}, {@code origin} ({@code EXPLICIT} or {@code EVENT}), {@code when} (ms since the
 * epoch), {@code pushMessageID}, and {@code topic} for a topic push. The installations of the target
 * owners, in the environments the push asks for, receive it in one broker fan-out, at QoS 1 with the
 * push's expiry; the push's {@link PushStatus} counts what the broker reports.
 *
 * <p>Push statuses are kept in memory until an hour after their push expired (then forgotten, and the
 * broker stops reporting). Thread-safe; {@link #send} blocks until the fan-out is stored and handed to
 * the sessions: call from REST workers.
 */
public final class PushService {

    /** What a push answers. */
    public record Sent(String pushMessageId, int matched, int queued) {}

    private static final Duration KEPT_AFTER_EXPIRY = Duration.ofHours(1);

    private final InstallationRegistry registry;
    private final Clock clock;
    private final ConcurrentMap<String, PushStatus> statuses = new ConcurrentHashMap<>();
    private volatile PushGateway gateway;

    public PushService(InstallationRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
    }

    public void start(PushGateway value) {
        gateway = value;
    }

    /** Whether push is connected to the broker. */
    public boolean running() {
        return gateway != null;
    }

    /**
     * Pushes {@code message} to the installations of {@code owners} its environments select.
     *
     * @param fields what the platform adds to {@code data}: sender, origin, topic or event fields
     * @throws PlatformException SERVICE_UNAVAILABLE when push is not running
     */
    public Sent send(Collection<Owner> owners, PushMessage message, JsonObject fields) {
        List<String> topics = new ArrayList<>(owners.size());
        for (Owner o : owners) {
            registry.ofOwner(o).filter(i -> message.reaches(i.development())).ifPresent(i -> topics.add(i.mqttTopic()));
        }
        return fanout(topics, message.data(), fields, message.expiry());
    }

    /** The status of a push, while it is kept. */
    public Optional<PushStatus.Snapshot> status(String pushMessageId) {
        PushStatus s = statuses.get(pushMessageId);
        return s == null ? Optional.empty() : Optional.of(s.snapshot());
    }

    /** Forgets statuses an hour after their push expired; the broker stops reporting them. */
    public void purge() {
        Instant now = clock.instant();
        Predicate<PushStatus> old = s -> now.isAfter(s.expiresAt().plus(KEPT_AFTER_EXPIRY));
        PushGateway g = gateway;
        statuses.values().removeIf(s -> {
            if (old.test(s)) {
                if (g != null) {
                    g.stopTracking(s.pushMessageId());
                }
                return true;
            }
            return false;
        });
    }

    private Sent fanout(List<String> topics, JsonObject data, JsonObject fields, Duration expiry) {
        PushGateway g = gateway;
        if (g == null) {
            throw new PlatformException(ErrorCode.SERVICE_UNAVAILABLE, "push is not running");
        }
        Instant now = clock.instant();
        String id = Secrets.newId();
        JsonObject payload = data.copy().mergeIn(fields).put("when", now.toEpochMilli()).put("pushMessageID", id);
        PushStatus status = new PushStatus(id, now, now.plus(expiry));
        statuses.put(id, status);
        g.track(id, status);
        PushGateway.Fanout f = g.fanout(topics, payload.encode().getBytes(StandardCharsets.UTF_8), expiry.toSeconds(), id);
        status.matched(f.matched());
        f.done().toCompletableFuture().join();
        PushStatus.Snapshot s = status.snapshot();
        return new Sent(id, s.matched(), s.queued());
    }
}
