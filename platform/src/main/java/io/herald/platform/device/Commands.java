package io.herald.platform.device;

import io.herald.platform.ErrorCode;
import io.herald.platform.PlatformException;
import io.herald.platform.catalog.CommandRecord;
import io.herald.platform.catalog.DeviceCommands;
import io.herald.broker.publish.Origin;
import io.herald.broker.publish.PublishRefusedException;
import io.herald.broker.publish.PublishRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;

/**
 * Commands to things, as IoTDA has them. Synchronous: published to {@code
 * $oc/devices/{thingID}/sys/commands/request_id={commandID}} (QoS 1; for MQTT 5 things with a Response
 * Topic and the command id as Correlation Data), answered on {@code …/sys/commands/response/request_id=
 * {commandID}} or on the Response Topic; the caller gets a stage, no thread waits. Queued: see {@link
 * QueuedCommands}.
 *
 * <p>Threads: {@link #invoke} and {@link #answered} from any thread, never blocking; {@link #queue} and
 * {@link #get} block on the catalog (REST workers). Thread-safe.
 */
public final class Commands {

    /**
     * A synchronous command's outcome. Immutable.
     *
     * @param answer the thing's answer
     */
    public record Answered(String commandId, CommandAnswer answer) {}

    private final DeviceBroker broker;
    private final Predicate<String> online;
    private final CommandWaiters waiters;
    private final QueuedCommands queued;
    private final DeviceCommands table;
    private final DeviceMetrics metrics;
    private final Clock clock;

    Commands(DeviceBroker broker, Predicate<String> online, CommandWaiters waiters, QueuedCommands queued,
            DeviceCommands table, DeviceMetrics metrics, Clock clock) {
        this.broker = broker;
        this.online = online;
        this.waiters = waiters;
        this.queued = queued;
        this.table = table;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * Sends a command and waits for the answer. Fails with THING_OFFLINE when the thing has no live
     * connection (known from session events) or when no subscription of its matched the command, with
     * COMMAND_TIMEOUT when it does not answer within {@code timeout}.
     */
    public CompletionStage<Answered> invoke(String thingId, CommandSpec spec, Duration timeout) {
        if (!online.test(thingId)) {
            metrics.command("sync", "offline");
            return CompletableFuture.failedFuture(new PlatformException(ErrorCode.THING_OFFLINE,
                    "thing '" + thingId + "' is not connected"));
        }
        String commandId = newId();
        long start = System.nanoTime();
        CompletableFuture<CommandAnswer> answer = waiters.register(commandId, thingId, timeout);
        broker.publish(message(thingId, commandId, spec)).whenComplete((r, e) -> {
            if (e != null) {
                Throwable cause = e instanceof CompletionException c && c.getCause() != null ? c.getCause() : e;
                waiters.fail(commandId, new PlatformException(ErrorCode.SERVICE_UNAVAILABLE,
                        "the broker refused the command: " + (cause instanceof PublishRefusedException p
                                ? p.getMessage() : cause.toString())));
            } else if (r.matched() == 0) {
                waiters.fail(commandId, new PlatformException(ErrorCode.THING_OFFLINE, "thing '" + thingId
                        + "' is connected but not subscribed to " + DeviceTopics.commandRequest(thingId, "…")));
            }
        });
        return answer.handle((a, e) -> {
            if (e != null) {
                Throwable cause = e instanceof CompletionException c ? c.getCause() : e;
                metrics.command("sync", cause instanceof PlatformException p ? p.code().name().toLowerCase() : "error");
                throw cause instanceof RuntimeException re ? re : new CompletionException(cause);
            }
            metrics.commandAnswered(Duration.ofNanos(System.nanoTime() - start));
            metrics.command("sync", a.succeeded() ? "succeeded" : "failed");
            return new Answered(commandId, a);
        });
    }

    /** Stores a command for the thing, sent when it is (or next gets) connected. Blocks on the catalog. */
    public CommandRecord queue(String thingId, CommandSpec spec, Duration ttl) {
        return queued.create(thingId, newId(), spec, ttl);
    }

    /** A queued command of the thing, with its status as of now. Blocks on the catalog. */
    public CommandRecord get(String thingId, String commandId) {
        CommandRecord c = table.find(thingId, commandId).orElseThrow(() -> new PlatformException(
                ErrorCode.COMMAND_NOT_FOUND, "thing '" + thingId + "' has no command '" + commandId + "'"));
        return c.statusAt(clock.instant()) == c.status() ? c : new CommandRecord(c.commandId(), c.thingId(),
                c.serviceId(), c.commandName(), c.paras(), c.statusAt(clock.instant()), c.createdAt(), c.expiresAt(),
                c.sentAt(), c.deliveredAt(), c.answeredAt(), c.response());
    }

    /** A thing answered {@code commandId}: the waiting request continues, or the queued command records it. */
    void answered(String thingId, String commandId, CommandAnswer answer) {
        if (!waiters.answer(thingId, commandId, answer)) {
            if (waiters.waits(commandId)) {
                metrics.unknownAnswer(); // another thing answering a command not its own: ignored
            } else {
                queued.answered(thingId, commandId, answer, clock.instant());
            }
        }
    }

    static PublishRequest message(String thingId, String commandId, CommandSpec spec) {
        return PublishRequest.builder(DeviceTopics.commandRequest(thingId, commandId), spec.payload(thingId)).qos(1)
                .contentType("application/json").payloadUtf8(true).responseTopic(DeviceTopics.commandResponse(thingId))
                .correlationData(commandId.getBytes(StandardCharsets.UTF_8)).origin(Origin.platform()).build();
    }

    private static String newId() {
        return UUID.randomUUID().toString();
    }
}
