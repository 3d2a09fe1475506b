package io.herald.broker.auth;

import io.herald.broker.topic.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * What a client may publish, subscribe to and receive: ordered {@link AclEntry} rules, the first that
 * applies decides, then a default effect. The one rule engine of the broker: a credential's own ACL
 * (carried on its {@link ClientIdentity}, cached on the connection) and the server's ACL file (through
 * {@link Authorizer#of}) are both evaluated here, so a PUBLISH or SUBSCRIBE never calls into the
 * platform. Immutable and thread-safe; decisions are made from memory and allocate nothing for rules
 * without placeholders.
 *
 * <ul>
 *   <li>PUBLISH to a topic: the first PUBLISH rule whose filter matches the topic decides.
 *   <li>SUBSCRIBE to a filter: rules are read in order; the first one whose filter <em>covers</em> the
 *       requested filter (matches every topic it can match) decides: an allow grants, a deny refuses.
 *       A deny before it that only <em>overlaps</em> the filter (some topic matches both) makes the
 *       grant {@link SubscribeDecision#GRANTED_FILTERED}: the subscription is granted and each message
 *       it would deliver is checked with {@link #canReceive}. With no covering rule the default
 *       decides. So with "deny {@code test/nosubscribe}, allow {@code #}" a client may subscribe to
 *       {@code #} and {@code test/#} and receives everything but {@code test/nosubscribe}.
 *   <li>Receiving a message on a topic: the first SUBSCRIBE rule whose filter matches the topic decides.
 * </ul>
 *
 * A filter starting with a wildcard matches no topic starting with {@code $} [MQTT-4.7.2-1]: a rule
 * {@code #} neither allows nor denies {@code $SYS/...}; only the default reaches those.
 */
public final class Permissions {

    /** Everything allowed: what a credential without its own ACL carries. */
    public static final Permissions ALLOW_ALL = new Permissions(List.of(), Effect.ALLOW);
    /** Nothing allowed. */
    public static final Permissions DENY_ALL = new Permissions(List.of(), Effect.DENY);

    /**
     * An entry that applies only to the clients {@code scope} accepts: how a file of rules about several
     * clients ({@code who: user:bob}) compiles onto this engine. The scope must be fast and pure.
     */
    public record ScopedEntry(Predicate<ClientIdentity> scope, AclEntry entry) {
        public ScopedEntry {
            Objects.requireNonNull(scope, "scope");
            Objects.requireNonNull(entry, "entry");
        }
    }

    private final List<ScopedEntry> source;
    private final Rule[] rules;
    private final Effect defaultEffect;
    private final boolean allowsEverything;

    private Permissions(List<ScopedEntry> source, Effect defaultEffect) {
        this.source = List.copyOf(source);
        this.defaultEffect = Objects.requireNonNull(defaultEffect, "defaultEffect");
        this.rules = new Rule[this.source.size()];
        for (int i = 0; i < rules.length; i++) {
            ScopedEntry s = this.source.get(i);
            rules[i] = new Rule(s.scope(), s.entry());
        }
        this.allowsEverything = rules.length == 0 && defaultEffect == Effect.ALLOW;
    }

    /** {@code entries} in order, everything else denied. */
    public static Permissions of(List<AclEntry> entries) {
        return of(entries, Effect.DENY);
    }

    /** {@code entries} in order, then {@code defaultEffect}. */
    public static Permissions of(List<AclEntry> entries, Effect defaultEffect) {
        List<ScopedEntry> scoped = new ArrayList<>(entries.size());
        for (AclEntry e : entries) {
            scoped.add(new ScopedEntry(Rule.EVERYONE, e));
        }
        return new Permissions(scoped, defaultEffect);
    }

    /** Rules that each apply to some clients only, in order, then {@code defaultEffect}. */
    public static Permissions scoped(List<ScopedEntry> entries, Effect defaultEffect) {
        return new Permissions(entries, defaultEffect);
    }

    /** The entries, in order, without their scopes. */
    public List<AclEntry> entries() {
        return source.stream().map(ScopedEntry::entry).toList();
    }

    public Effect defaultEffect() {
        return defaultEffect;
    }

    /** Whether {@code who} may publish to the topic name {@code topic}. */
    public boolean canPublish(ClientIdentity who, String topic) {
        return allowsEverything || matchTopic(who, Action.PUBLISH, topic);
    }

    /** Whether a message on {@code topic} may be delivered to {@code who} through a subscription. */
    public boolean canReceive(ClientIdentity who, String topic) {
        return allowsEverything || matchTopic(who, Action.SUBSCRIBE, topic);
    }

    /** Whether {@code who} may subscribe to {@code filter} (without {@code $share/GROUP/}), and how. */
    public SubscribeDecision subscribe(ClientIdentity who, String filter) {
        if (allowsEverything) {
            return SubscribeDecision.GRANTED;
        }
        boolean filtered = false;
        for (Rule rule : rules) {
            if (!rule.appliesTo(who, Action.SUBSCRIBE)) {
                continue;
            }
            String ruleFilter = rule.pattern.resolve(who);
            if (ruleFilter == null) {
                if (rule.allow) {
                    continue;
                }
                return SubscribeDecision.DENIED; // a placeholder that cannot be one level: fail closed
            }
            if (TopicFilters.covers(ruleFilter, filter)) {
                if (!rule.allow) {
                    return SubscribeDecision.DENIED;
                }
                return filtered ? SubscribeDecision.GRANTED_FILTERED : SubscribeDecision.GRANTED;
            }
            if (!rule.allow && TopicFilters.overlaps(ruleFilter, filter)) {
                filtered = true;
            }
        }
        if (defaultEffect == Effect.DENY) {
            return SubscribeDecision.DENIED;
        }
        return filtered ? SubscribeDecision.GRANTED_FILTERED : SubscribeDecision.GRANTED;
    }

    private boolean matchTopic(ClientIdentity who, Action action, String topic) {
        for (Rule rule : rules) {
            if (!rule.appliesTo(who, action)) {
                continue;
            }
            String ruleFilter = rule.pattern.resolve(who);
            if (ruleFilter == null) {
                if (rule.allow) {
                    continue;
                }
                return false;
            }
            if (Topics.matches(ruleFilter, topic)) {
                return rule.allow;
            }
        }
        return defaultEffect == Effect.ALLOW;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Permissions p && defaultEffect == p.defaultEffect && source.equals(p.source);
    }

    @Override
    public int hashCode() {
        return source.hashCode() * 31 + defaultEffect.hashCode();
    }

    @Override
    public String toString() {
        if (allowsEverything) {
            return "Permissions[ALLOW_ALL]";
        }
        return "Permissions[" + entries() + ", default " + defaultEffect + "]";
    }

    /** An entry compiled for evaluation. */
    private static final class Rule {
        static final Predicate<ClientIdentity> EVERYONE = client -> true;

        final Predicate<ClientIdentity> scope;
        final boolean allow;
        final boolean publish;
        final boolean subscribe;
        final TopicPattern pattern;

        Rule(Predicate<ClientIdentity> scope, AclEntry entry) {
            this.scope = scope;
            this.allow = entry.effect() == Effect.ALLOW;
            this.publish = entry.actions().contains(Action.PUBLISH);
            this.subscribe = entry.actions().contains(Action.SUBSCRIBE);
            this.pattern = new TopicPattern(entry.filter());
        }

        boolean appliesTo(ClientIdentity who, Action action) {
            boolean hasAction = action == Action.PUBLISH ? publish : subscribe;
            return hasAction && !(pattern.needsUsername() && who.anonymous()) && scope.test(who);
        }
    }
}
