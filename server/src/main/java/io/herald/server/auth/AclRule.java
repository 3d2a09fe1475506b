package io.herald.server.auth;

import io.herald.broker.auth.AclEntry;
import java.util.Objects;

/**
 * One rule of the ACL file: whom it is about, and the broker {@link AclEntry} (effect, actions, topic
 * filter) it applies to them. Immutable.
 *
 * @param line where the rule starts in its file, for messages
 */
public record AclRule(int line, Who who, AclEntry entry) {

    public AclRule {
        Objects.requireNonNull(who, "who");
        Objects.requireNonNull(entry, "entry");
    }
}
