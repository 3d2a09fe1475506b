package io.herald.platform.catalog;

import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** The {@code settings} table: named values the platform keeps, such as the admin token's digest. Thread-safe; blocks. */
public final class Settings {

    /** SHA-256 of the admin bearer token, lowercase hex. */
    public static final String ADMIN_TOKEN_DIGEST = "admin_token_digest";

    private final Jdbi jdbi;

    Settings(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public Optional<String> get(String name) {
        return jdbi.withHandle(h -> h.createQuery("SELECT value FROM settings WHERE name = :name")
                .bind("name", name).mapTo(String.class).findOne());
    }

    public void put(String name, String value) {
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO settings (name, value) VALUES (:name, :value)"
                        + " ON CONFLICT (name) DO UPDATE SET value = excluded.value")
                .bind("name", name).bind("value", value).execute());
    }

    /** Stores {@code value} unless the setting exists; returns whether it was stored. */
    public boolean putIfAbsent(String name, String value) {
        return jdbi.withHandle(h -> h.createUpdate("INSERT INTO settings (name, value) VALUES (:name, :value)"
                        + " ON CONFLICT DO NOTHING")
                .bind("name", name).bind("value", value).execute()) == 1;
    }
}
