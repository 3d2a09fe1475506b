package io.herald.platform.catalog;

import io.herald.broker.auth.AclEntry;
import io.herald.broker.topic.Topics;
import java.util.Objects;

/**
 * One ACL entry of a token or thing, flespi style: a topic filter and the actions it grants. A list of
 * rules allows exactly what some rule grants. The filter may use the placeholders {@code {clientId}} and {@code {username}}.
 * Immutable; validated at construction.
 */
public record AclRule(String topic, boolean publish, boolean subscribe) {

    /** Longest filter accepted, in characters. */
    public static final int MAX_TOPIC_LENGTH = 1024;

    public AclRule {
        Objects.requireNonNull(topic, "topic");
        if (topic.length() > MAX_TOPIC_LENGTH) {
            throw new IllegalArgumentException("topic filter longer than " + MAX_TOPIC_LENGTH + " characters");
        }
        if (topic.startsWith("$share/")) {
            throw new IllegalArgumentException("an ACL names the inner filter, not $share/GROUP/: '" + topic + "'");
        }
        if (!Topics.isValidFilter(topic)) {
            throw new IllegalArgumentException("not a valid MQTT topic filter: '" + topic + "'");
        }
        AclEntry.checkFilter(topic); // the broker's rule engine must accept it too
        if (!publish && !subscribe) {
            throw new IllegalArgumentException("an ACL entry needs at least one action (publish, subscribe)");
        }
    }
}
