package io.herald.client.internal;

import java.nio.charset.StandardCharsets;

/** Validates MQTT topic names and filters and matches names against filters. Stateless. */
public final class TopicNames {

    private static final int MAX_BYTES = 65_535;

    private TopicNames() {}

    /** Throws {@link IllegalArgumentException} unless {@code topic} is a valid topic name to publish to. */
    public static void checkTopicName(String topic) {
        checkCommon(topic, "topic");
        if (topic.indexOf('+') >= 0 || topic.indexOf('#') >= 0) {
            // [MQTT-3.3.2-2] the topic name in a PUBLISH must not contain wildcards
            throw new IllegalArgumentException("a topic to publish to must not contain wildcards (+ or #): " + topic);
        }
    }

    /** Throws {@link IllegalArgumentException} unless {@code filter} is a valid topic filter. */
    public static void checkTopicFilter(String filter) {
        checkCommon(filter, "topic filter");
        String[] levels = filter.split("/", -1);
        for (int i = 0; i < levels.length; i++) {
            String level = levels[i];
            if (level.contains("#") && (!level.equals("#") || i != levels.length - 1)) {
                // [MQTT-4.7.1-2] '#' must be the last character and occupy a whole level
                throw new IllegalArgumentException("'#' must be alone in the last level of a topic filter: " + filter);
            }
            if (level.contains("+") && !level.equals("+")) {
                // [MQTT-4.7.1-3] '+' must occupy a whole level
                throw new IllegalArgumentException("'+' must occupy a whole level of a topic filter: " + filter);
            }
        }
    }

    private static void checkCommon(String s, String what) {
        if (s == null || s.isEmpty()) {
            // [MQTT-4.7.3-1] topic names and filters are at least one character long
            throw new IllegalArgumentException("the " + what + " is empty");
        }
        if (s.indexOf('\u0000') >= 0) {
            // [MQTT-1.5.3-2] no U+0000 in UTF-8 strings
            throw new IllegalArgumentException("the " + what + " contains U+0000");
        }
        if (s.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw new IllegalArgumentException("the " + what + " is longer than 65535 bytes");
        }
    }

    /**
     * True when {@code topic} matches {@code filter}; a shared subscription {@code $share/group/f}
     * matches like {@code f}, and wildcards at the first level do not match {@code $} topics.
     */
    public static boolean matches(String filter, String topic) {
        String f = filter;
        if (f.startsWith("$share/")) {
            int slash = f.indexOf('/', "$share/".length());
            if (slash < 0) {
                return false;
            }
            f = f.substring(slash + 1);
        }
        if (topic.startsWith("$") && (f.startsWith("+") || f.startsWith("#"))) {
            // [MQTT-4.7.2-1] wildcards at the first level do not match topics starting with '$'
            return false;
        }
        String[] fl = f.split("/", -1);
        String[] tl = topic.split("/", -1);
        for (int i = 0; i < fl.length; i++) {
            if (fl[i].equals("#")) {
                return true;
            }
            if (i >= tl.length) {
                return false;
            }
            if (!fl[i].equals("+") && !fl[i].equals(tl[i])) {
                return false;
            }
        }
        return fl.length == tl.length;
    }
}
