package io.herald.broker.route;

import io.herald.broker.BrokerConfig;
import io.herald.broker.BrokerMetrics;
import io.herald.broker.BrokerMetrics.DropReason;
import io.herald.broker.auth.Authorizer;
import io.herald.broker.auth.ClientIdentity;
import io.herald.broker.codec.PublishEncoding;
import io.herald.broker.message.Message;
import io.herald.broker.message.MessageProperties;
import io.herald.broker.publish.Origin;
import io.herald.broker.publish.PublishOutcome;
import io.herald.broker.publish.PublishRefusedException;
import io.herald.broker.publish.PublishRefusedException.Reason;
import io.herald.broker.publish.PublishRequest;
import io.herald.broker.route.Router.Routed;
import io.herald.broker.session.Rights;
import io.herald.broker.store.StoreException;
import io.herald.broker.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way in for every application message: an MQTT PUBLISH, a will, and an in-process publish all
 * pass here, so they behave the same, and so do the broker's own {@code $SYS/} status messages
 * ({@link #publishSys}). It refuses topics reserved for the broker ({@code $SYS/}) to everyone else, checks
 * the origin's rights (a client: its credential's permissions, its expiry and the Authorizer; the
 * platform: every topic but the reserved ones), applies the broker's size limit to in-process messages,
 * and routes (retained handling, queues and durability are the {@link Router}'s). Every refusal is
 * counted under {@code herald.messages.dropped}.
 *
 * <p>Threads: any thread; stateless apart from thread-safe metrics. The PUBLISH path allocates nothing
 * here: refusals are shared constants.
 */
public final class Ingress {

    private static final Logger log = LoggerFactory.getLogger(Ingress.class);
    private static final Routed REFUSED_RESERVED = Routed.refused(Reason.RESERVED_TOPIC);
    private static final Routed REFUSED_NOT_AUTHORIZED = Routed.refused(Reason.NOT_AUTHORIZED);
    private static final Routed REFUSED_STORE = Routed.refused(Reason.STORE_UNAVAILABLE);

    private final Router router;
    private final Authorizer authorizer;
    private final BrokerMetrics metrics;
    private final BrokerConfig config;
    private final Clock clock;

    public Ingress(Router router, Authorizer authorizer, BrokerMetrics metrics, BrokerConfig config, Clock clock) {
        this.router = router;
        this.authorizer = authorizer;
        this.metrics = metrics;
        this.config = config;
        this.clock = clock;
    }

    /**
     * Publishes a client's message (its PUBLISH or its will) if {@code origin} may: reserved topics are
     * refused [MQTT-4.7.2-1 reserves $ topics for the server], then the client's rights decide.
     *
     * @return where it went, or {@link Routed#refused()} why not
     */
    public Routed publish(Message message, Rights origin) {
        if (Topics.isBrokerReserved(message.topic())) {
            metrics.dropped(DropReason.RESERVED_TOPIC);
            return REFUSED_RESERVED;
        }
        ClientIdentity identity = origin.identity();
        if (identity.expiresAt() != null && identity.expiresAt().toEpochMilli() <= message.createdAtMillis()
                || !origin.canPublish(message.topic())) {
            metrics.dropped(DropReason.NOT_AUTHORIZED);
            return REFUSED_NOT_AUTHORIZED;
        }
        return route(message);
    }

    /**
     * Publishes a will, authorized as its client's rights are now (they may have changed since CONNECT);
     * a will the client may not publish is dropped, counted and never delivered. Any thread.
     */
    public void publishWill(Message will, Rights origin) {
        Routed routed = publish(will, origin);
        if (routed.refused() != null) {
            metrics.willRefused();
            log.debug("will of {} on {} not published: {}", will.publisherId(), will.topic(), routed.refused());
        }
    }

    /** An in-process publish; see {@code Broker.publish(PublishRequest)}. */
    public CompletionStage<PublishOutcome> publish(PublishRequest request) {
        long now = clock.millis();
        Message message = toMessage(request, now);
        metrics.received();
        if (PublishEncoding.size(message, true, now) > config.maxPacketSize()) {
            metrics.dropped(DropReason.TOO_LARGE);
            return refused(Reason.TOO_LARGE, "the message is larger than the maximum packet size of "
                    + config.maxPacketSize() + " bytes");
        }
        Routed routed = switch (request.origin()) {
            case Origin.Platform p -> platform(message);
            case Origin.Client c -> publish(message, new Rights(c.identity(), authorizer));
        };
        if (routed.refused() != null) {
            return refused(routed.refused(), routed.refused() == Reason.STORE_UNAVAILABLE
                    ? "the store failed to take the message"
                    : "may not publish to '" + request.topic() + "' as " + request.origin());
        }
        return CompletableFuture.completedFuture(new PublishOutcome(routed.sessions(), routed.durable()));
    }

    /**
     * Publishes a status value of the broker itself, retained at QoS 0, on a topic reserved for it: the
     * broker's own origin, the only one that may publish to {@code $SYS/} [MQTT-4.7.2-1]. Subscribers
     * receive it only through a subscription their rights allowed, as any message. Not counted as
     * received: no client sent it. Any thread.
     *
     * @throws IllegalArgumentException when {@code topic} is not a {@code $SYS/} topic name
     */
    public void publishSys(String topic, String value) {
        if (!Topics.isBrokerReserved(topic) || !Topics.isValidName(topic)) {
            throw new IllegalArgumentException("not a $SYS topic name: '" + topic + "'");
        }
        route(new Message(topic, value.getBytes(StandardCharsets.UTF_8), 0, true, "", clock.millis()));
    }

    private Routed platform(Message message) {
        if (Topics.isBrokerReserved(message.topic())) {
            metrics.dropped(DropReason.RESERVED_TOPIC);
            return REFUSED_RESERVED;
        }
        return route(message);
    }

    private Routed route(Message message) {
        try {
            return router.route(message);
        } catch (StoreException e) {
            log.warn("message on {} not accepted: {}", message.topic(), e.toString());
            return REFUSED_STORE;
        }
    }

    private static Message toMessage(PublishRequest r, long now) {
        int format = r.payloadUtf8() == null ? -1 : r.payloadUtf8() ? 1 : 0;
        MessageProperties props = new MessageProperties(format, r.contentType(), r.responseTopic(),
                r.correlationData(), r.userProperties(), List.of());
        String publisherId = r.origin() instanceof Origin.Client c ? c.identity().clientId() : "";
        long expiresAt = r.messageExpirySeconds() == null ? Message.NEVER : now + r.messageExpirySeconds() * 1000;
        return new Message(r.topic(), r.payload(), r.qos(), r.retain(), publisherId, now, expiresAt,
                props.isEmpty() ? MessageProperties.NONE : props);
    }

    private static CompletionStage<PublishOutcome> refused(Reason reason, String message) {
        return CompletableFuture.failedFuture(new PublishRefusedException(reason, message));
    }
}
