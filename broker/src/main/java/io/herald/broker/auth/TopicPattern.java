package io.herald.broker.auth;

import io.herald.broker.topic.Topics;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An {@link AclEntry}'s topic filter, which may name the client with {@code {username}} and
 * {@code {clientId}} placeholders: {@code users/{username}/#}. Validated at construction. Immutable.
 */
final class TopicPattern {

    private static final String USERNAME = "{username}";
    private static final String CLIENT_ID = "{clientId}";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{[^}]*}");

    private final String template;
    private final boolean hasUsername;
    private final boolean hasClientId;

    /** @throws IllegalArgumentException with the reason, when {@code template} is not a valid filter */
    TopicPattern(String template) {
        Matcher m = PLACEHOLDER.matcher(template);
        while (m.find()) {
            if (!m.group().equals(USERNAME) && !m.group().equals(CLIENT_ID)) {
                throw new IllegalArgumentException("unknown placeholder " + m.group()
                        + " (the placeholders are {username} and {clientId})");
            }
        }
        if (template.startsWith("$share/")) {
            throw new IllegalArgumentException("'" + template + "' starts with $share/: rules apply to the"
                    + " filter inside a shared subscription, so write it without $share/GROUP/");
        }
        if (!Topics.isValidFilter(template.replace(USERNAME, "u").replace(CLIENT_ID, "c"))) {
            throw new IllegalArgumentException("'" + template + "' is not a valid MQTT topic filter");
        }
        this.template = template;
        this.hasUsername = template.contains(USERNAME);
        this.hasClientId = template.contains(CLIENT_ID);
    }

    /** Whether the pattern names the user, so it cannot apply to an anonymous client. */
    boolean needsUsername() {
        return hasUsername;
    }

    /**
     * The filter for {@code client}, or null when a placeholder's value cannot stand as part of one
     * level: empty, or holding {@code /}, {@code +} or {@code #} (a client id like {@code #} must not
     * turn a rule into a wildcard). The caller checks {@link #needsUsername} first.
     */
    String resolve(ClientIdentity client) {
        String filter = template;
        if (hasUsername) {
            if (!isPlainLevel(client.username())) {
                return null;
            }
            filter = filter.replace(USERNAME, client.username());
        }
        if (hasClientId) {
            if (!isPlainLevel(client.clientId())) {
                return null;
            }
            filter = filter.replace(CLIENT_ID, client.clientId());
        }
        return filter;
    }

    private static boolean isPlainLevel(String value) {
        return value != null && !value.isEmpty() && value.indexOf('/') < 0 && value.indexOf('+') < 0
                && value.indexOf('#') < 0;
    }

    @Override
    public String toString() {
        return template;
    }
}
