package io.herald.platform.catalog;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** The {@code users} and {@code access_tokens} tables. Thread-safe; every method blocks. */
public final class Users {

    private static final String COLUMNS = "user_id, username, password_hash, created_at, updated_at";

    private final Jdbi jdbi;

    Users(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Stores a new user; false when the id or the username is taken. */
    public boolean create(UserRecord u) {
        return jdbi.withHandle(h -> h.createUpdate("INSERT INTO users (" + COLUMNS + ") VALUES (:id, :username,"
                        + " :hash, :created, :updated) ON CONFLICT DO NOTHING")
                .bind("id", u.userId()).bind("username", u.username()).bind("hash", u.passwordHash())
                .bind("created", u.createdAt().toEpochMilli()).bind("updated", u.updatedAt().toEpochMilli())
                .execute()) == 1;
    }

    public Optional<UserRecord> find(String userId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM users WHERE user_id = :id")
                .bind("id", userId).map((rs, ctx) -> read(rs)).findOne());
    }

    public Optional<UserRecord> findByUsername(String username) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM users WHERE username = :username")
                .bind("username", username).map((rs, ctx) -> read(rs)).findOne());
    }

    /** A page of users in username order. */
    public List<UserRecord> list(int offset, int limit) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM users ORDER BY username"
                        + " LIMIT :limit OFFSET :offset")
                .bind("limit", limit).bind("offset", offset).map((rs, ctx) -> read(rs)).list());
    }

    /** Replaces the password hash; false when there is no such user. */
    public boolean updatePassword(String userId, String passwordHash, Instant now) {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE users SET password_hash = :hash, updated_at = :now"
                        + " WHERE user_id = :id")
                .bind("hash", passwordHash).bind("now", now.toEpochMilli()).bind("id", userId).execute()) == 1;
    }

    /** Deletes the user and its access tokens; false when there is no such user. */
    public boolean delete(String userId) {
        return jdbi.inTransaction(h -> {
            h.createUpdate("DELETE FROM access_tokens WHERE user_id = :id").bind("id", userId).execute();
            return h.createUpdate("DELETE FROM users WHERE user_id = :id").bind("id", userId).execute() == 1;
        });
    }

    /** Stores a login's access token (its digest). */
    public void addAccessToken(String digest, String userId, Instant createdAt, Instant expiresAt) {
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO access_tokens (digest, user_id, created_at, expires_at)"
                        + " VALUES (:digest, :user, :created, :expires)")
                .bind("digest", digest).bind("user", userId).bind("created", createdAt.toEpochMilli())
                .bind("expires", expiresAt.toEpochMilli()).execute());
    }

    /** Every access token not expired at {@code now}, for the credential cache. */
    public List<AccessTokenRecord> accessTokens(Instant now) {
        return jdbi.withHandle(h -> h.createQuery("SELECT digest, user_id, expires_at FROM access_tokens"
                        + " WHERE expires_at > :now")
                .bind("now", now.toEpochMilli())
                .map((rs, ctx) -> new AccessTokenRecord(rs.getString(1), rs.getString(2),
                        Instant.ofEpochMilli(rs.getLong(3))))
                .list());
    }

    /** Removes access tokens expired at {@code now}; returns how many. */
    public int deleteExpiredAccessTokens(Instant now) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM access_tokens WHERE expires_at <= :now")
                .bind("now", now.toEpochMilli()).execute());
    }

    /** A login's bearer token as stored: its digest, whose it is and until when. */
    public record AccessTokenRecord(String digest, String userId, Instant expiresAt) {}

    private static UserRecord read(ResultSet rs) throws SQLException {
        return new UserRecord(rs.getString(1), rs.getString(2), rs.getString(3), Instant.ofEpochMilli(rs.getLong(4)),
                Instant.ofEpochMilli(rs.getLong(5)));
    }
}
