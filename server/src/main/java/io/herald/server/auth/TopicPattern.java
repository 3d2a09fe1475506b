package io.herald.server.auth;

import io.herald.broker.auth.ClientIdentity;
import io.herald.broker.topic.Topics;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An ACL rule's topic filter, which may name the client with {@code {username}} and {@code {clientId}}
 * placeholders: {@code users/{username}/#}. Validated at construction. Immutable.
 */
public record TopicPattern(String template) {

    private static final String USERNAME = "{username}";
    private static final String CLIENT_ID = "{clientId}";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{[^}]*}");

    /** @throws IllegalArgumentException with the reason, when {@code template} is not a valid filter */
    public TopicPattern {
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
    }

    /** Whether the pattern names the user, so it cannot apply to an anonymous client. */
    boolean needsUsername() {
        return template.contains(USERNAME);
    }

    /**
     * The filter for {@code client}, or null when a placeholder's value cannot stand as part of one
     * level: empty, or holding {@code /}, {@code +} or {@code #} (a client id like {@code #} must not
     * turn a rule into a wildcard). The caller checks {@link #needsUsername} first.
     */
    String resolve(ClientIdentity client) {
        String filter = template;
        if (filter.contains(USERNAME)) {
            if (!isPlainLevel(client.username())) {
                return null;
            }
            filter = filter.replace(USERNAME, client.username());
        }
        if (filter.contains(CLIENT_ID)) {
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
}
