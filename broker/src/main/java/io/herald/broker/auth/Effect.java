package io.herald.broker.auth;

/** What a matching {@link AclEntry}, or a {@link Permissions} default, decides. */
public enum Effect {
    ALLOW,
    DENY
}
