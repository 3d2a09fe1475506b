package io.herald.platform.catalog;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the catalog lives: a JDBC URL ({@code jdbc:sqlite:FILE} or {@code jdbc:postgresql://HOST:PORT/DB})
 * and, for PostgreSQL, the credentials. Immutable.
 *
 * @param user null when the URL carries it or the database needs none
 * @param password null when the URL carries it or the database needs none
 */
public record CatalogSettings(String jdbcUrl, String user, String password) {

    public CatalogSettings {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        if (!jdbcUrl.startsWith("jdbc:sqlite:") && !jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("catalog URL must start with jdbc:sqlite: or jdbc:postgresql: (" + jdbcUrl + ")");
        }
    }

    /** The embedded default: one SQLite file. */
    public static CatalogSettings sqlite(Path file) {
        return new CatalogSettings("jdbc:sqlite:" + file.toAbsolutePath(), null, null);
    }

    public boolean isSqlite() {
        return jdbcUrl.startsWith("jdbc:sqlite:");
    }

    /** The SQLite file, for creating its directory; null for PostgreSQL or an in-memory SQLite. */
    Path sqliteFile() {
        if (!isSqlite()) {
            return null;
        }
        String rest = jdbcUrl.substring("jdbc:sqlite:".length());
        int query = rest.indexOf('?');
        String file = query < 0 ? rest : rest.substring(0, query);
        return file.isEmpty() || file.startsWith(":memory:") || file.startsWith("file:") ? null : Path.of(file);
    }

    /** The URL without credentials, for logs and the startup line. */
    @Override
    public String toString() {
        int query = jdbcUrl.indexOf('?');
        return query < 0 ? jdbcUrl : jdbcUrl.substring(0, query);
    }
}
