package io.herald.platform.device;

import io.herald.broker.auth.Principal;
import io.herald.platform.catalog.PropertyValue;
import io.herald.platform.device.DeviceMetrics.Refusal;
import io.herald.broker.publish.InboundPublish;
import io.herald.broker.publish.PublishInterceptor;
import io.herald.broker.publish.PublishVerdict;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Inspects what things publish on {@link DeviceTopics#INBOUND_FILTERS}: a thing may speak only for
 * itself (0x87 otherwise), a property report must parse (0x99) and find room in the writer's backlog
 * (0x97), a command answer must name its command (topic {@code request_id=} or Correlation Data) and
 * parse (0x99). Accepted messages go on to be routed like any other, so applications may subscribe to
 * them; what the platform keeps does not depend on that.
 *
 * <p>Threads: runs on the publisher's broker event loop; parses (bounded by the broker's packet size),
 * queues and answers at once, never blocks. Stateless apart from thread-safe collaborators.
 */
final class DeviceInbound implements PublishInterceptor {

    private static final CompletionStage<PublishVerdict> ACCEPTED = CompletableFuture.completedFuture(PublishVerdict.ACCEPT);

    private final PropertyWriter writer;
    private final Commands commands;
    private final DeviceMetrics metrics;
    private final Clock clock;

    DeviceInbound(PropertyWriter writer, Commands commands, DeviceMetrics metrics, Clock clock) {
        this.writer = writer;
        this.commands = commands;
        this.metrics = metrics;
        this.clock = clock;
    }

    @Override
    public CompletionStage<PublishVerdict> inspect(InboundPublish m) {
        DeviceTopics.Parsed topic = DeviceTopics.parse(m.topic());
        if (topic == null) {
            return ACCEPTED;
        }
        String kind = topic.kind().name().toLowerCase(Locale.ROOT);
        Principal who = m.publisher().principal();
        if (!Principal.KIND_THING.equals(who.kind()) || !who.id().equals(topic.thingId())) {
            metrics.refused(kind, Refusal.NOT_AUTHORIZED);
            return refuse(PublishVerdict.NOT_AUTHORIZED, who + " may not publish for thing " + topic.thingId());
        }
        try {
            return switch (topic.kind()) {
                case PROPERTIES_REPORT -> report(topic.thingId(), m, kind);
                case COMMAND_RESPONSE -> answer(topic, m);
                case MESSAGE_UP -> {
                    metrics.messageUp();
                    yield ACCEPTED;
                }
            };
        } catch (InvalidPayloadException e) {
            metrics.refused(kind, Refusal.INVALID);
            return refuse(PublishVerdict.PAYLOAD_FORMAT_INVALID, e.getMessage());
        }
    }

    private CompletionStage<PublishVerdict> report(String thingId, InboundPublish m, String kind)
            throws InvalidPayloadException {
        List<PropertyValue> values = PropertyReport.parse(thingId, m.payload(), clock.instant());
        if (!writer.offer(values)) {
            metrics.refused(kind, Refusal.BACKLOG);
            return refuse(PublishVerdict.QUOTA_EXCEEDED, "the property writer's backlog is full");
        }
        metrics.reportAccepted();
        return ACCEPTED;
    }

    private CompletionStage<PublishVerdict> answer(DeviceTopics.Parsed topic, InboundPublish m)
            throws InvalidPayloadException {
        String commandId = topic.requestId();
        if (commandId == null && m.correlationData() != null && m.correlationData().length > 0) {
            commandId = new String(m.correlationData(), StandardCharsets.UTF_8);
        }
        if (commandId == null) {
            throw new InvalidPayloadException("a command answer needs request_id= in its topic or Correlation Data");
        }
        commands.answered(topic.thingId(), commandId, CommandAnswer.parse(m.payload()));
        return ACCEPTED;
    }

    private static CompletionStage<PublishVerdict> refuse(int code, String reason) {
        return CompletableFuture.completedFuture(PublishVerdict.refuse(code, reason));
    }
}
