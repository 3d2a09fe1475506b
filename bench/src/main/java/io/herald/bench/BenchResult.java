package io.herald.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The outcome of one run, as printed and written to the JSON result file. Immutable.
 *
 * @param sent messages published in the measured interval (after warm-up)
 * @param expected deliveries the subscribers should have had for every message sent in the whole run
 * @param received deliveries in the whole run, duplicates included
 * @param lost expected deliveries that never came (QoS 0 may lose; QoS 1/2 must not)
 * @param duplicated deliveries of a message the subscriber (or its share group) already had
 * @param sentPerSecond publish rate over the measured interval
 * @param receivedPerSecond delivery rate of the messages sent in the measured interval
 * @param latencyMicros percentiles (p50, p90, p99, p99.9, max) of publish-to-delivery time, or for
 *     {@link Scenario#CONNECTIONS} of CONNECT-to-CONNACK time
 * @param connections clients connected at once
 * @param connectPerSecond rate at which the clients connected
 * @param brokerRssBytes broker RSS before the clients connected and at the end (-1: not measured)
 * @param brokerCpuPercent broker CPU over the measured interval, 100 = one core (-1: not measured)
 */
public record BenchResult(
        BenchOptions options, long sent, long expected, long received, long lost, long duplicated,
        double sentPerSecond, double receivedPerSecond, Map<String, Long> latencyMicros, int connections,
        double connectPerSecond, long brokerRssBeforeBytes, long brokerRssAfterBytes, double brokerCpuPercent) {

    /** Bytes of broker memory per connection: the RSS growth divided by the clients (-1: not measured). */
    public long rssPerConnectionBytes() {
        return brokerRssBeforeBytes < 0 || brokerRssAfterBytes < 0 || connections == 0
                ? -1 : (brokerRssAfterBytes - brokerRssBeforeBytes) / connections;
    }

    /** The result as JSON: options, counts, rates, latency percentiles and the broker's figures. */
    public String toJson() {
        Map<String, Object> opts = new LinkedHashMap<>();
        opts.put("scenario", options.scenario().name().toLowerCase(Locale.ROOT));
        opts.put("host", options.host());
        opts.put("port", options.port());
        opts.put("transport", options.transport());
        opts.put("protocol", options.protocol());
        opts.put("publishers", options.publishers());
        opts.put("subscribers", options.subscribers());
        opts.put("shareGroup", options.shareGroup());
        opts.put("qos", options.qos());
        opts.put("payloadBytes", options.payloadSize());
        opts.put("rate", options.rate());
        opts.put("window", options.window());
        opts.put("warmupSeconds", options.warmup().toMillis() / 1000.0);
        opts.put("durationSeconds", options.duration().toMillis() / 1000.0);
        opts.put("persistent", options.persistent());
        opts.put("offline", options.offline());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("options", opts);
        out.put("sent", sent);
        out.put("expected", expected);
        out.put("received", received);
        out.put("lost", lost);
        out.put("duplicated", duplicated);
        out.put("sentPerSecond", Math.round(sentPerSecond));
        out.put("receivedPerSecond", Math.round(receivedPerSecond));
        out.put("latencyMicros", latencyMicros);
        out.put("connections", connections);
        out.put("connectPerSecond", Math.round(connectPerSecond));
        out.put("brokerRssBeforeBytes", brokerRssBeforeBytes);
        out.put("brokerRssAfterBytes", brokerRssAfterBytes);
        out.put("rssPerConnectionBytes", rssPerConnectionBytes());
        out.put("brokerCpuPercent", Math.round(brokerCpuPercent));
        try {
            return new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(out);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the result as JSON", e);
        }
    }

    /** One line for people. */
    public String summary() {
        if (options.scenario() == Scenario.CONNECTIONS) {
            return String.format("connections=%d connect/s=%.0f connect-latency-us p50=%d p99=%d max=%d"
                            + " broker-rss=%s→%s per-connection=%s cpu=%.0f%%",
                    connections, connectPerSecond, latencyMicros.get("p50"), latencyMicros.get("p99"),
                    latencyMicros.get("max"), mb(brokerRssBeforeBytes), mb(brokerRssAfterBytes),
                    rssPerConnectionBytes() < 0 ? "n/a" : rssPerConnectionBytes() + "B", brokerCpuPercent);
        }
        return String.format("sent/s=%.0f received/s=%.0f sent=%d expected=%d received=%d lost=%d duplicated=%d"
                        + " latency-us p50=%d p99=%d p99.9=%d max=%d broker-rss=%s cpu=%.0f%%",
                sentPerSecond, receivedPerSecond, sent, expected, received, lost, duplicated,
                latencyMicros.get("p50"), latencyMicros.get("p99"), latencyMicros.get("p99.9"),
                latencyMicros.get("max"), mb(brokerRssAfterBytes), brokerCpuPercent);
    }

    private static String mb(long bytes) {
        return bytes < 0 ? "n/a" : (bytes >> 20) + "MB";
    }
}
