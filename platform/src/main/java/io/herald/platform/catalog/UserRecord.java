package io.herald.platform.catalog;

import java.time.Instant;
import java.util.Objects;

/**
 * A platform user as the catalog stores it. Immutable.
 *
 * @param passwordHash Argon2id PHC string
 */
public record UserRecord(String userId, String username, String passwordHash, Instant createdAt, Instant updatedAt) {

    public UserRecord {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(passwordHash, "passwordHash");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }
}
