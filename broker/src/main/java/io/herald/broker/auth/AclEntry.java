package io.herald.broker.auth;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * One rule of a {@link Permissions}: allow or deny some actions on the topics a filter matches.
 * Validated at construction, then immutable.
 *
 * <p>The filter is an MQTT topic filter ({@code +}, {@code #}) that may name the client with
 * {@code {clientId}} and {@code {username}}: {@code devices/{clientId}/#}. An entry with
 * {@code {username}} never applies to an anonymous client; a placeholder whose value cannot be one
 * topic level (empty, or holding {@code /}, {@code +} or {@code #}) makes an allow not apply and a deny
 * apply, so such a client fails closed. {@code $share/GROUP/} is never part of a filter: a shared
 * subscription is checked on its inner filter.
 *
 * @param actions at least one
 * @throws IllegalArgumentException with the reason, when the filter or the actions are not valid
 */
public record AclEntry(Effect effect, Set<Action> actions, String filter) {

    public AclEntry {
        Objects.requireNonNull(effect, "effect");
        Objects.requireNonNull(filter, "filter");
        if (actions == null || actions.isEmpty()) {
            throw new IllegalArgumentException("an ACL entry needs at least one action");
        }
        actions = Set.copyOf(EnumSet.copyOf(actions));
        checkFilter(filter);
    }

    /**
     * Checks that {@code filter} may stand in an entry.
     *
     * @return {@code filter}
     * @throws IllegalArgumentException with the reason when it may not
     */
    public static String checkFilter(String filter) {
        new TopicPattern(filter);
        return filter;
    }

    public static AclEntry allow(String filter, Action... actions) {
        return new AclEntry(Effect.ALLOW, Set.copyOf(Arrays.asList(actions)), filter);
    }

    public static AclEntry deny(String filter, Action... actions) {
        return new AclEntry(Effect.DENY, Set.copyOf(Arrays.asList(actions)), filter);
    }
}
