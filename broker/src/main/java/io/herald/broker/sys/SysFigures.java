package io.herald.broker.sys;

import io.herald.broker.BrokerMetrics.DropReason;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Turns {@link Readings} into the values of the {@code $SYS/broker/...} topics, named and formatted as
 * Mosquitto publishes them (integers; loads per minute with two decimals; uptime as {@code "N seconds"}).
 * Only figures Herald counts are here; see docs/sys-topics.md for how each relates to Mosquitto's.
 *
 * <p>Threads: owned by the {@code herald-sys} thread (the load averages, the maximum and the previous
 * counter values are state).
 */
final class SysFigures {

    static final String PREFIX = "$SYS/broker/";
    private static final int[] WINDOWS = {1, 5, 15};

    private final String version;
    private final long startMillis;
    private final Load received = new Load("load/messages/received/");
    private final Load sent = new Load("load/messages/sent/");
    private final Load publishReceived = new Load("load/publish/received/");
    private final Load publishSent = new Load("load/publish/sent/");
    private final Load dropped = new Load("load/publish/dropped/");
    private final Load connections = new Load("load/connections/");
    private long lastMillis;
    private int maximum;

    SysFigures(String version, long startMillis) {
        this.version = version;
        this.startMillis = startMillis;
        this.lastMillis = startMillis;
    }

    /** Every figure now, topic to value, in a stable order; advances the load averages to {@code r}'s time. */
    Map<String, String> figures(Readings r) {
        Map<String, String> out = new LinkedHashMap<>();
        out.put(PREFIX + "version", "herald version " + version);
        out.put(PREFIX + "uptime", Math.max(0, (r.nowMillis() - startMillis) / 1000) + " seconds");
        maximum = Math.max(maximum, r.online());
        put(out, "clients/connected", r.online());
        put(out, "clients/disconnected", r.sessions() - r.online());
        put(out, "clients/total", r.sessions());
        put(out, "clients/maximum", maximum);
        put(out, "messages/received", r.received());
        put(out, "messages/sent", r.sent());
        put(out, "publish/messages/received", r.received());
        put(out, "publish/messages/sent", r.sent());
        long droppedTotal = r.droppedTotal();
        put(out, "publish/messages/dropped", droppedTotal);
        for (DropReason reason : DropReason.values()) {
            put(out, "publish/messages/dropped/" + reason.tag(), r.dropped().get(reason));
        }
        put(out, "messages/stored", r.retained());
        put(out, "retained messages/count", r.retained());
        put(out, "subscriptions/count", r.subscriptions());
        put(out, "shared_subscriptions/count", r.sharedSubscriptions());
        double seconds = (r.nowMillis() - lastMillis) / 1000.0;
        lastMillis = Math.max(lastMillis, r.nowMillis());
        received.update(out, r.received(), seconds);
        sent.update(out, r.sent(), seconds);
        publishReceived.update(out, r.received(), seconds);
        publishSent.update(out, r.sent(), seconds);
        dropped.update(out, droppedTotal, seconds);
        connections.update(out, r.connects(), seconds);
        return out;
    }

    private static void put(Map<String, String> out, String topic, long value) {
        out.put(PREFIX + topic, Long.toString(value));
    }

    /** The 1, 5 and 15 minute load averages of one counter. */
    private static final class Load {
        private final String topic;
        private final LoadAverage[] averages = new LoadAverage[WINDOWS.length];
        private long previous;

        Load(String topic) {
            this.topic = topic;
            for (int i = 0; i < WINDOWS.length; i++) {
                averages[i] = new LoadAverage(WINDOWS[i]);
            }
        }

        void update(Map<String, String> out, long counter, double seconds) {
            long events = Math.max(0, counter - previous);
            previous = counter;
            for (int i = 0; i < WINDOWS.length; i++) {
                double perMinute = averages[i].update(events, seconds);
                out.put(PREFIX + topic + WINDOWS[i] + "min", String.format(Locale.ROOT, "%.2f", perMinute));
            }
        }
    }
}
