package io.herald.platform.identity;

import io.herald.platform.auth.Credential;
import java.util.Objects;

/**
 * Who calls the REST API, as its bearer token says. Immutable.
 *
 * @param id the user id (USER), the token id (TOKEN, or ADMIN through an admin token), or {@code admin}
 *     for the bootstrap admin token
 * @param credential what the caller may publish (its MQTT rights)
 */
public record ApiCaller(Kind kind, String id, Credential credential) {

    /** The three kinds of bearer. */
    public enum Kind {
        /** The admin token, or a token created with {@code "admin": true}: everything. */
        ADMIN,
        /** A user's access token from the login: its own user record. */
        USER,
        /** A token created with {@code "api": true}: publishing within its ACL. */
        TOKEN
    }

    public ApiCaller {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(credential, "credential");
    }

    public boolean admin() {
        return kind == Kind.ADMIN;
    }

    /** Whether the caller is the admin or the user {@code userId}. */
    public boolean adminOrUser(String userId) {
        return kind == Kind.ADMIN || (kind == Kind.USER && id.equals(userId));
    }
}
