package io.herald.server.auth;

import java.util.Set;

/**
 * One rule of the ACL file: whom it is about, which topics, which actions, and whether it allows or
 * denies them. Immutable.
 *
 * @param line where the rule starts in its file, for messages
 */
public record AclRule(int line, Who who, TopicPattern topic, Set<Action> actions, Effect effect) {

    public AclRule {
        actions = Set.copyOf(actions);
        if (actions.isEmpty()) {
            throw new IllegalArgumentException("a rule needs at least one action");
        }
    }

    /** What a client asks to do. */
    public enum Action {
        SUBSCRIBE,
        PUBLISH
    }

    /** What a matching rule decides. */
    public enum Effect {
        ALLOW,
        DENY
    }
}
