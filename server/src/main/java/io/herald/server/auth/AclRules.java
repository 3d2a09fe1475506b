package io.herald.server.auth;

import io.herald.broker.auth.ClientIdentity;
import io.herald.broker.topic.Topics;
import io.herald.server.auth.AclRule.Action;
import io.herald.server.auth.AclRule.Effect;
import java.util.List;

/**
 * The rules of an ACL file, in order, and the effect when none matches. Immutable, so one version is
 * shared by every event loop and replaced whole on reload.
 *
 * <p>The first rule that matches decides. A rule matches a request when its {@code who} matches the
 * client, its actions include the request's, and its topic (placeholders filled in for this client):
 *
 * <ul>
 *   <li>PUBLISH: matches the topic name, as a subscription would.
 *   <li>SUBSCRIBE, allow rule: covers the requested filter, every topic it can match: {@code
 *       users/bob/#} allows {@code users/bob/+}, not {@code users/#}.
 *   <li>SUBSCRIBE, deny rule: overlaps the requested filter, some topic both match: deny {@code
 *       test/nosubscribe} refuses {@code test/#} and {@code #} as well. Rules are checked once, at
 *       SUBSCRIBE, not per delivered message, so a wildcard must not reach around a deny.
 * </ul>
 *
 * A rule with {@code {username}} never matches an anonymous client. When a placeholder's value cannot
 * be part of a level (it holds {@code / + #} or is empty) an allow rule does not match and a deny rule
 * does: such a client fails closed.
 */
public record AclRules(List<AclRule> rules, Effect defaultEffect) {

    /** What a file that does not say {@code default:} falls back to: anything no rule allows is denied. */
    public static final Effect DEFAULT_EFFECT = Effect.DENY;

    public AclRules {
        rules = List.copyOf(rules);
    }

    /** Whether {@code client} may publish to the topic name, or subscribe to the filter, {@code topic}. */
    public boolean allows(ClientIdentity client, Action action, String topic) {
        for (AclRule rule : rules) {
            if (!rule.actions().contains(action) || !rule.who().matches(client)
                    || rule.topic().needsUsername() && client.anonymous()) {
                continue;
            }
            String filter = rule.topic().resolve(client);
            boolean allow = rule.effect() == Effect.ALLOW;
            if (filter == null) {
                if (allow) {
                    continue;
                }
                return false;
            }
            if (applies(rule.effect(), action, filter, topic)) {
                return allow;
            }
        }
        return defaultEffect == Effect.ALLOW;
    }

    private static boolean applies(Effect effect, Action action, String ruleFilter, String requested) {
        if (action == Action.PUBLISH) {
            return Topics.matches(ruleFilter, requested);
        }
        return effect == Effect.ALLOW
                ? TopicFilters.covers(ruleFilter, requested)
                : TopicFilters.overlaps(ruleFilter, requested);
    }
}
