package io.herald.server.auth;

import io.herald.broker.auth.Effect;
import io.herald.broker.auth.Permissions;
import java.util.List;

/**
 * The rules of an ACL file, in order, and the effect when none matches, compiled onto the broker's rule
 * engine ({@link Permissions}, each rule scoped to its {@code who}). Immutable, so one version is shared
 * by every event loop and replaced whole on reload.
 *
 * <p>The semantics are the engine's: the first rule that applies decides; a SUBSCRIBE is granted when an
 * allow covers its filter, and filtered per delivered topic when a deny before that allow overlaps it.
 */
public final class AclRules {

    /** What a file that does not say {@code default:} falls back to: anything no rule allows is denied. */
    public static final Effect DEFAULT_EFFECT = Effect.DENY;

    private final List<AclRule> rules;
    private final Effect defaultEffect;
    private final Permissions permissions;

    public AclRules(List<AclRule> rules, Effect defaultEffect) {
        this.rules = List.copyOf(rules);
        this.defaultEffect = defaultEffect;
        this.permissions = Permissions.scoped(this.rules.stream()
                .map(r -> new Permissions.ScopedEntry(r.who()::matches, r.entry())).toList(), defaultEffect);
    }

    public List<AclRule> rules() {
        return rules;
    }

    public Effect defaultEffect() {
        return defaultEffect;
    }

    /** The rules as the broker evaluates them. */
    public Permissions permissions() {
        return permissions;
    }
}
