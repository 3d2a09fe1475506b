package io.herald.platform.auth;

import io.herald.broker.auth.AclEntry;
import io.herald.broker.auth.Action;
import io.herald.broker.auth.ClientIdentity;
import io.herald.broker.auth.Permissions;
import io.herald.broker.auth.Principal;
import io.herald.platform.catalog.AclRule;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Turns a platform {@link Credential} into what the broker caches on a connection and decides from: a
 * {@link Principal}, {@link Permissions} (the flespi ACL as allow entries, everything else denied; an
 * admin credential allows all) and the expiry. Stateless.
 */
public final class Identities {

    private Identities() {}

    public static Principal principal(Credential credential) {
        return new Principal(credential.kind(), credential.id());
    }

    public static Permissions permissions(Credential credential) {
        if (credential.allowAll()) {
            return Permissions.ALLOW_ALL;
        }
        List<AclEntry> entries = new ArrayList<>(credential.acl().size());
        for (AclRule rule : credential.acl()) {
            Set<Action> actions = EnumSet.noneOf(Action.class);
            if (rule.publish()) {
                actions.add(Action.PUBLISH);
            }
            if (rule.subscribe()) {
                actions.add(Action.SUBSCRIBE);
            }
            entries.add(new AclEntry(io.herald.broker.auth.Effect.ALLOW, actions, rule.topic()));
        }
        return Permissions.of(entries);
    }

    /** The identity of an MQTT connection that logged in with {@code credential}. */
    public static ClientIdentity of(String clientId, String username, Credential credential) {
        return new ClientIdentity(clientId, username, principal(credential), permissions(credential),
                credential.expiresAt());
    }

    /**
     * The identity a REST caller publishes as: no client id, so ACL entries naming {@code {clientId}} or
     * {@code {username}} do not apply to it.
     */
    public static ClientIdentity forRest(Credential credential) {
        return new ClientIdentity("", null, principal(credential), permissions(credential), credential.expiresAt());
    }
}
