package io.herald.broker.auth;

import java.util.Objects;

/**
 * What the platform knows a client as: a kind and an id within that kind, e.g. {@code ("token", "t-42")}
 * or {@code ("thing", "pump-7")}. The broker never interprets it; it carries it on the connection so that
 * {@code Broker.disconnect(Principal, ...)}, session events and session reads can name the client the way
 * the platform does. Immutable.
 *
 * @param kind one of the {@code KIND_*} constants, or another platform-defined word
 * @param id the principal's id within its kind; for {@link #KIND_ANONYMOUS} the client id
 */
public record Principal(String kind, String id) {

    public static final String KIND_USER = "user";
    public static final String KIND_THING = "thing";
    public static final String KIND_TOKEN = "token";
    public static final String KIND_INSTALLATION = "installation";
    /** A user of the server's password file. */
    public static final String KIND_FILE_USER = "file-user";
    public static final String KIND_ANONYMOUS = "anonymous";
    /** The platform itself, for in-process publishes. */
    public static final String KIND_PLATFORM = "platform";

    /** The platform's own principal. */
    public static final Principal PLATFORM = new Principal(KIND_PLATFORM, "platform");

    public Principal {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(id, "id");
        if (kind.isEmpty()) {
            throw new IllegalArgumentException("a principal needs a kind");
        }
    }

    /** A client without a verified user name, known by its client id. */
    public static Principal anonymous(String clientId) {
        return new Principal(KIND_ANONYMOUS, clientId);
    }

    @Override
    public String toString() {
        return kind + ":" + id;
    }
}
