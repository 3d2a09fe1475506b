package io.herald.platform.device;

import io.herald.broker.auth.Principal;
import io.herald.platform.catalog.Catalog;
import io.herald.platform.catalog.HistoryQuery;
import io.herald.platform.catalog.PropertyValue;
import io.herald.broker.SessionEvent;
import io.herald.broker.SessionListener;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The device side of the platform (Huawei IoTDA's device topics on Herald's things): property reports
 * into the catalog, synchronous and queued commands, presence from session events, device messages.
 * It inspects device PUBLISH packets through the broker's inbound hook and learns of connections from
 * its session events (see {@link DeviceBroker}).
 *
 * <p>Threads: {@code herald-property-writer} (catalog batches), {@code herald-command-delivery}
 * (queued commands), {@code herald-device-presence} (presence writes), {@code herald-device-timer}
 * (timeouts, expiry). Lifecycle: {@link #start}, {@link #close}. Thread-safe.
 */
public final class Devices implements AutoCloseable {

    private final DeviceSettings settings;
    private final Catalog catalog;
    private final Presence presence;
    private final Commands commands;
    private final DeviceMessages messages;
    private final PropertyWriter writer;
    private final ScheduledExecutorService timer;
    private final ExecutorService delivery;
    private final ExecutorService presenceWrites;
    private final AutoCloseable interception;

    private Devices(DeviceSettings settings, Catalog catalog, Presence presence, Commands commands, DeviceMessages messages,
            PropertyWriter writer, ScheduledExecutorService timer, ExecutorService delivery,
            ExecutorService presenceWrites, AutoCloseable interception) {
        this.settings = settings;
        this.catalog = catalog;
        this.presence = presence;
        this.commands = commands;
        this.messages = messages;
        this.writer = writer;
        this.timer = timer;
        this.delivery = delivery;
        this.presenceWrites = presenceWrites;
        this.interception = interception;
    }

    /** Starts the writer and timers, and registers with the broker for device topics and session events. */
    public static Devices start(DeviceSettings settings, Catalog catalog, DeviceBroker broker, MeterRegistry registry,
            Clock clock) {
        DeviceMetrics metrics = new DeviceMetrics(registry);
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("herald-device-timer").factory());
        ExecutorService delivery = Executors.newSingleThreadExecutor(
                Thread.ofPlatform().daemon().name("herald-command-delivery").factory());
        ExecutorService presenceWrites = Executors.newSingleThreadExecutor(
                Thread.ofPlatform().daemon().name("herald-device-presence").factory());
        PropertyWriter writer = new PropertyWriter(catalog.deviceProperties(), settings, metrics, clock);
        Presence presence = new Presence(catalog.presence(), presenceWrites);
        QueuedCommands queued = new QueuedCommands(catalog.commands(), broker, presence::online, delivery, timer,
                metrics, clock);
        Commands commands = new Commands(broker, presence::online, new CommandWaiters(timer), queued,
                catalog.commands(), metrics, clock);
        metrics.gauge("herald.device.things.online", "things with a live connection", presence::onlineCount);
        writer.start();
        timer.scheduleWithFixedDelay(queued::expire, 1, 1, TimeUnit.SECONDS);
        broker.addSessionListener(new ConnectDelivers(presence, queued));
        AutoCloseable interception = broker.intercept(DeviceTopics.INBOUND_FILTERS,
                new DeviceInbound(writer, commands, metrics, clock));
        return new Devices(settings, catalog, presence, commands, new DeviceMessages(broker), writer, timer, delivery,
                presenceWrites, interception);
    }

    /** Presence first, then the thing's queued commands go out. On the broker's session-event thread. */
    private record ConnectDelivers(Presence presence, QueuedCommands queued) implements SessionListener {

        @Override
        public void onEvent(SessionEvent event) {
            switch (event) {
                case SessionEvent.Connected c -> {
                    presence.connected(c.clientId(), c.principal(), c.protocolLevel(), c.at());
                    if (Principal.KIND_THING.equals(c.principal().kind())) {
                        queued.thingConnected(c.principal().id());
                    }
                }
                case SessionEvent.Disconnected d -> presence.disconnected(d.clientId(), d.principal(), d.reason(), d.at());
            }
        }
    }

    public DeviceSettings settings() {
        return settings;
    }

    public Commands commands() {
        return commands;
    }

    public DeviceMessages messages() {
        return messages;
    }

    /** Whether the thing has a live connection. Memory only. */
    public boolean online(String thingId) {
        return presence.online(thingId);
    }

    /** Things with a live connection, in id order. Memory only. */
    public List<String> onlineThings() {
        return presence.onlineThings();
    }

    /** The thing's presence. May block on the catalog. */
    public ThingStatus status(String thingId) {
        return presence.status(thingId);
    }

    /** The presence of several things. May block on the catalog. */
    public Map<String, ThingStatus> statuses(List<String> thingIds) {
        return presence.statuses(thingIds);
    }

    /** The latest value of each property of the thing. Blocks on the catalog. */
    public List<PropertyValue> latest(String thingId) {
        return catalog.deviceProperties().latest(thingId);
    }

    /** A page of the thing's property history, newest first. Blocks on the catalog. */
    public List<PropertyValue> history(HistoryQuery query) {
        return catalog.deviceProperties().history(query);
    }

    /** Property reports waiting for the catalog. */
    public int backlog() {
        return writer.backlog();
    }

    /** Stops inspecting device topics, writes the queued reports, stops the threads. */
    @Override
    public void close() {
        try {
            interception.close();
        } catch (Exception e) {
            // the broker may be gone already; nothing to undo then
        }
        writer.close();
        timer.shutdownNow();
        delivery.shutdownNow();
        presenceWrites.shutdownNow();
    }
}
