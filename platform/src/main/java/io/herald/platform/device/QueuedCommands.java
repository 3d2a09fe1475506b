package io.herald.platform.device;

import io.herald.platform.catalog.CommandRecord;
import io.herald.platform.catalog.DeviceCommands;
import io.herald.broker.publish.PublishOutcome;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Queued (asynchronous) commands: stored in the catalog, published when their thing is connected (at
 * once, or when it next connects), their answers recorded, their time to live enforced. A thing that is
 * connected but has no matching subscription yet (it subscribes after CONNACK) is tried again after 1,
 * 2, 4 … 30 s while it stays connected.
 *
 * <p>Threads: every catalog read and write and every delivery runs on the single delivery thread
 * ({@code delivery}), so one command is never published twice at once; {@code retrying} is owned by it.
 * Callers on any thread hand work to it; {@link #create} blocks its caller (a REST worker) on the catalog.
 */
final class QueuedCommands {

    private static final Logger log = LoggerFactory.getLogger(QueuedCommands.class);
    private static final long MAX_RETRY_SECONDS = 30;

    private final DeviceCommands table;
    private final DeviceBroker broker;
    private final Predicate<String> online;
    private final ExecutorService delivery;
    private final ScheduledExecutorService timer;
    private final DeviceMetrics metrics;
    private final Clock clock;
    private final Set<String> retrying = new HashSet<>();

    QueuedCommands(DeviceCommands table, DeviceBroker broker, Predicate<String> online, ExecutorService delivery,
            ScheduledExecutorService timer, DeviceMetrics metrics, Clock clock) {
        this.table = table;
        this.broker = broker;
        this.online = online;
        this.delivery = delivery;
        this.timer = timer;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** Stores a command for the thing and, when it is online, sends it at once. Blocks on the catalog. */
    CommandRecord create(String thingId, String commandId, CommandSpec spec, Duration ttl) {
        Instant now = clock.instant();
        CommandRecord record = CommandRecord.pending(commandId, thingId, spec.serviceId(), spec.commandName(),
                spec.paras(), now, now.plus(ttl));
        table.create(record);
        metrics.command("queued", "created");
        if (online.test(thingId)) {
            thingConnected(thingId);
        }
        return record;
    }

    /** Sends the thing's waiting commands (on the delivery thread). Any thread. */
    void thingConnected(String thingId) {
        delivery.execute(() -> deliver(thingId, 0));
    }

    /** Records a thing's answer to a queued command (on the delivery thread). Any thread. */
    void answered(String thingId, String commandId, CommandAnswer answer, Instant at) {
        delivery.execute(() -> {
            if (table.answer(thingId, commandId, answer.succeeded(), answer.json(), at)) {
                metrics.command("queued", answer.succeeded() ? "succeeded" : "failed");
            } else {
                metrics.unknownAnswer();
            }
        });
    }

    /** Marks expired commands (on the delivery thread). Any thread. */
    void expire() {
        delivery.execute(() -> {
            int n = table.expire(clock.instant());
            for (int i = 0; i < n; i++) {
                metrics.command("queued", "expired");
            }
        });
    }

    private void deliver(String thingId, int attempt) {
        if (!online.test(thingId)) {
            return;
        }
        boolean unrouted = false;
        try {
            List<CommandRecord> waiting = table.undelivered(thingId, clock.instant());
            for (CommandRecord c : waiting) {
                CommandSpec spec = new CommandSpec(c.serviceId(), c.commandName(), c.paras());
                PublishOutcome r = broker.publish(Commands.message(thingId, c.commandId(), spec))
                        .toCompletableFuture().get(10, TimeUnit.SECONDS);
                boolean routed = r.matched() > 0;
                table.published(c.commandId(), routed, clock.instant());
                unrouted |= !routed;
            }
        } catch (Exception e) {
            log.warn("queued commands of thing {} not sent: {}", thingId, e.toString());
            unrouted = true;
        }
        if (unrouted && retrying.add(thingId)) {
            long delay = Math.min(1L << Math.min(attempt, 5), MAX_RETRY_SECONDS);
            timer.schedule(() -> delivery.execute(() -> {
                retrying.remove(thingId);
                deliver(thingId, attempt + 1);
            }), delay, TimeUnit.SECONDS);
        }
    }
}
