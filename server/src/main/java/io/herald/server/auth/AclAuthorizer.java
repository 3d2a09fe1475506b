package io.herald.server.auth;

import io.herald.broker.auth.Authorizer;
import io.herald.broker.auth.ClientIdentity;
import io.herald.server.auth.AclRule.Action;
import java.util.function.Supplier;

/**
 * The broker's {@link Authorizer} over the ACL file. Each call reads the current {@link AclRules}
 * from {@code rules} (a reloading file), so a reload applies to the next PUBLISH or SUBSCRIBE of every
 * connected client without dropping any. Thread-safe; decides from memory, on event loops.
 */
final class AclAuthorizer implements Authorizer {

    private final Supplier<AclRules> rules;

    AclAuthorizer(Supplier<AclRules> rules) {
        this.rules = rules;
    }

    @Override
    public boolean canPublish(ClientIdentity client, String topic) {
        return rules.get().allows(client, Action.PUBLISH, topic);
    }

    @Override
    public boolean canSubscribe(ClientIdentity client, String filter) {
        return rules.get().allows(client, Action.SUBSCRIBE, filter);
    }
}
