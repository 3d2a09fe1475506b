package io.herald.platform.catalog;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** The {@code tokens} table with the tokens' ACL entries. Thread-safe; every method blocks. */
public final class Tokens {

    private static final String COLUMNS =
            "token_id, digest, info, admin, api, ttl_seconds, expires_at, created_at, updated_at";

    private final Jdbi jdbi;
    private final AclEntries acl;

    Tokens(Jdbi jdbi, AclEntries acl) {
        this.jdbi = jdbi;
        this.acl = acl;
    }

    /** Stores a new token with its ACL; false when its id or digest is taken. */
    public boolean create(TokenRecord t) {
        return jdbi.inTransaction(h -> {
            boolean inserted = h.createUpdate("INSERT INTO tokens (" + COLUMNS + ") VALUES (:id, :digest, :info, :admin,"
                            + " :api, :ttl, :expires, :created, :updated) ON CONFLICT DO NOTHING")
                    .bind("id", t.tokenId()).bind("digest", t.digest()).bind("info", t.info())
                    .bind("admin", t.admin() ? 1 : 0).bind("api", t.api() ? 1 : 0).bind("ttl", t.ttlSeconds())
                    .bind("expires", millis(t.expiresAt())).bind("created", t.createdAt().toEpochMilli())
                    .bind("updated", t.updatedAt().toEpochMilli())
                    .execute() == 1;
            if (inserted) {
                acl.replace(h, AclEntries.TOKEN, t.tokenId(), t.acl());
            }
            return inserted;
        });
    }

    public Optional<TokenRecord> find(String tokenId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM tokens WHERE token_id = :id")
                .bind("id", tokenId).map((rs, ctx) -> read(rs, List.of())).findOne()
                .map(t -> withAcl(t, acl.of(h, AclEntries.TOKEN, t.tokenId()))));
    }

    /** A page of tokens in creation order. */
    public List<TokenRecord> list(int offset, int limit) {
        return jdbi.withHandle(h -> {
            List<TokenRecord> page = h.createQuery("SELECT " + COLUMNS + " FROM tokens ORDER BY created_at, token_id"
                            + " LIMIT :limit OFFSET :offset")
                    .bind("limit", limit).bind("offset", offset).map((rs, ctx) -> read(rs, List.of())).list();
            return attachAcls(h, page, page.stream().map(TokenRecord::tokenId).toList());
        });
    }

    /** Every token, for the credential cache. */
    public List<TokenRecord> all() {
        return jdbi.withHandle(h -> attachAcls(h, h.createQuery("SELECT " + COLUMNS + " FROM tokens")
                .map((rs, ctx) -> read(rs, List.of())).list(), null));
    }

    /**
     * Replaces what a token may do and when it expires (not its id, digest or creation time); false when
     * there is no such token.
     */
    public boolean update(TokenRecord t) {
        return jdbi.inTransaction(h -> {
            boolean updated = h.createUpdate("UPDATE tokens SET info = :info, admin = :admin, api = :api, ttl_seconds = :ttl,"
                            + " expires_at = :expires, updated_at = :updated WHERE token_id = :id")
                    .bind("info", t.info()).bind("admin", t.admin() ? 1 : 0).bind("api", t.api() ? 1 : 0)
                    .bind("ttl", t.ttlSeconds()).bind("expires", millis(t.expiresAt()))
                    .bind("updated", t.updatedAt().toEpochMilli()).bind("id", t.tokenId()).execute() == 1;
            if (updated) {
                acl.replace(h, AclEntries.TOKEN, t.tokenId(), t.acl());
            }
            return updated;
        });
    }

    /** Replaces the token's secret (its digest); false when there is no such token. */
    public boolean updateDigest(String tokenId, String digest, Instant now) {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE tokens SET digest = :digest, updated_at = :now"
                        + " WHERE token_id = :id")
                .bind("digest", digest).bind("now", now.toEpochMilli()).bind("id", tokenId).execute()) == 1;
    }

    /** Deletes the token and its ACL; false when there is no such token. */
    public boolean delete(String tokenId) {
        return jdbi.inTransaction(h -> {
            acl.delete(h, AclEntries.TOKEN, tokenId);
            return h.createUpdate("DELETE FROM tokens WHERE token_id = :id").bind("id", tokenId).execute() == 1;
        });
    }

    private List<TokenRecord> attachAcls(Handle h, List<TokenRecord> tokens, List<String> ids) {
        Map<String, List<AclRule>> acls = acl.ofAll(h, AclEntries.TOKEN, ids);
        return tokens.stream().map(t -> withAcl(t, acls.getOrDefault(t.tokenId(), List.of()))).toList();
    }

    private static TokenRecord withAcl(TokenRecord t, List<AclRule> rules) {
        return new TokenRecord(t.tokenId(), t.digest(), t.info(), t.admin(), t.api(), t.ttlSeconds(), t.expiresAt(),
                rules, t.createdAt(), t.updatedAt());
    }

    private static Long millis(Instant at) {
        return at == null ? null : at.toEpochMilli();
    }

    private static TokenRecord read(ResultSet rs, List<AclRule> rules) throws SQLException {
        long ttl = rs.getLong(6);
        Long ttlSeconds = rs.wasNull() ? null : ttl;
        long expires = rs.getLong(7);
        Instant expiresAt = rs.wasNull() ? null : Instant.ofEpochMilli(expires);
        return new TokenRecord(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4) != 0, rs.getInt(5) != 0,
                ttlSeconds, expiresAt, rules, Instant.ofEpochMilli(rs.getLong(8)), Instant.ofEpochMilli(rs.getLong(9)));
    }
}
