package io.herald.broker.auth;

/** What a client asks to do with a topic: the action an {@link AclEntry} is about. */
public enum Action {
    PUBLISH,
    SUBSCRIBE
}
