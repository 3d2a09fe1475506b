package io.herald.broker.handler;

import io.herald.broker.codec.ProtocolViolation;
import java.util.HashMap;
import java.util.Map;

/**
 * MQTT 5 topic aliases of one connection, in both directions [MQTT-3.3.2-7]..[MQTT-3.3.2-12]:
 * inbound, the aliases the client sets (up to our Topic Alias Maximum); outbound, the aliases we
 * assign to topics we send, up to the client's maximum (first come, kept for the connection).
 *
 * <p>Both maps are created on first use: most connections never use an alias.
 *
 * <p>Threads: owned by the connection's session loop.
 */
final class TopicAliases {

    /** An outbound alias decision: the alias to send (0 for none) and whether the client knows it. */
    record Outbound(int alias, boolean known) {
        static final Outbound NONE = new Outbound(0, false);
    }

    private final int inboundMaximum;
    private Map<Integer, String> inbound;
    private int outboundMaximum;
    private Map<String, Integer> outbound;

    TopicAliases(int inboundMaximum) {
        this.inboundMaximum = inboundMaximum;
    }

    void outboundMaximum(int maximum) {
        outboundMaximum = maximum;
    }

    /**
     * The topic of an inbound PUBLISH: sets or uses its alias.
     *
     * @param alias the Topic Alias property, 0 when absent
     */
    String resolve(String topic, int alias) {
        if (alias == 0) {
            if (topic.isEmpty()) {
                throw new ProtocolViolation("MQTT5-3.3.2.3.4", "empty topic name without a topic alias");
            }
            return topic;
        }
        if (alias > inboundMaximum) {
            // [MQTT-3.3.2-9] [MQTT-3.3.2-10] 0 is never valid, above our maximum neither
            throw new ProtocolViolation("MQTT-3.3.2-9", ProtocolViolation.TOPIC_ALIAS_INVALID,
                    "topic alias " + alias + " outside 1.." + inboundMaximum);
        }
        if (!topic.isEmpty()) {
            if (inbound == null) {
                inbound = new HashMap<>();
            }
            inbound.put(alias, topic);
            return topic;
        }
        String known = inbound == null ? null : inbound.get(alias);
        if (known == null) {
            throw new ProtocolViolation("MQTT5-3.3.2.3.4", "topic alias " + alias + " was never set");
        }
        return known;
    }

    /** The alias the client already has for {@code topic}, or {@link Outbound#NONE}; assigns nothing. */
    Outbound known(String topic) {
        Integer alias = outbound == null ? null : outbound.get(topic);
        return alias == null ? Outbound.NONE : new Outbound(alias, true);
    }

    /** The alias to use for an outbound PUBLISH on {@code topic}, assigning a new one if there is room. */
    Outbound forOutbound(String topic) {
        if (outboundMaximum == 0) {
            return Outbound.NONE;
        }
        if (outbound == null) {
            outbound = new HashMap<>();
        }
        Integer alias = outbound.get(topic);
        if (alias != null) {
            return new Outbound(alias, true);
        }
        if (outbound.size() >= outboundMaximum) {
            return Outbound.NONE;
        }
        int next = outbound.size() + 1;
        outbound.put(topic, next);
        return new Outbound(next, false);
    }
}
