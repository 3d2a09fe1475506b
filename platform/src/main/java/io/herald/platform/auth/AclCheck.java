package io.herald.platform.auth;

import io.herald.broker.topic.Topics;
import io.herald.platform.catalog.AclRule;

/**
 * Evaluates a credential's flespi-style ACL for a topic the platform itself is asked to publish to (the
 * REST API checks every message of a request before publishing any). Allow-only: a topic is allowed
 * when some entry with the action matches it. Stateless.
 */
public final class AclCheck {

    private AclCheck() {}

    /**
     * Whether the credential may publish to {@code topic}.
     *
     * @param clientId what {@code {clientId}} in a filter stands for; null when there is none (then such
     *     entries match nothing)
     */
    public static boolean canPublish(Credential credential, String clientId, String topic) {
        if (credential.allowAll()) {
            return true;
        }
        for (AclRule rule : credential.acl()) {
            if (rule.publish() && matches(rule.topic(), clientId, topic)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matches(String filter, String clientId, String topic) {
        if (filter.contains("{clientId}")) {
            if (clientId == null) {
                return false;
            }
            filter = filter.replace("{clientId}", clientId);
        }
        return Topics.matches(filter, topic);
    }
}
