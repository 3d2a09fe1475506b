package io.herald.platform.catalog;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.jdbi.v3.core.Jdbi;

/**
 * The platform's SQL catalog: users, things, tokens with their ACLs, and settings, in SQLite (one file,
 * the default) or PostgreSQL, migrated by Flyway on open. One set of migrations and queries serves both.
 *
 * <p>Every method blocks on JDBC: call it from a worker or virtual thread, never from an event loop.
 * Thread-safe; the pool holds one connection for SQLite (one writer, no lock upgrades) and a few for
 * PostgreSQL. Lifecycle: {@link #open} migrates, {@link #close} closes the pool.
 */
public final class Catalog implements AutoCloseable {

    private static final int POSTGRES_POOL = 6;
    private static final int SQLITE_CACHE_KIB = 32 * 1024;

    private final CatalogSettings settings;
    private final HikariDataSource dataSource;
    private final Users users;
    private final Things things;
    private final Tokens tokens;
    private final Settings settingsTable;
    private final DeviceProperties deviceProperties;
    private final DeviceCommands commands;
    private final ThingPresence presence;
    private final Jdbi jdbi;

    private Catalog(CatalogSettings settings, HikariDataSource dataSource) {
        this.settings = settings;
        this.dataSource = dataSource;
        this.jdbi = Jdbi.create(dataSource);
        AclEntries acl = new AclEntries();
        this.users = new Users(jdbi);
        this.things = new Things(jdbi, acl);
        this.tokens = new Tokens(jdbi, acl);
        this.settingsTable = new Settings(jdbi);
        this.deviceProperties = new DeviceProperties(jdbi);
        this.commands = new DeviceCommands(jdbi);
        this.presence = new ThingPresence(jdbi);
    }

    /**
     * Opens the pool and brings the schema up to date.
     *
     * @throws CatalogException when the database cannot be reached or a migration fails
     */
    public static Catalog open(CatalogSettings settings) {
        HikariDataSource dataSource = new HikariDataSource(poolConfig(settings));
        try {
            Flyway.configure().dataSource(dataSource).locations("classpath:db/migration")
                    .failOnMissingLocations(true).load().migrate();
        } catch (FlywayException e) {
            dataSource.close();
            throw new CatalogException("catalog " + settings + ": migration failed: " + e.getMessage(), e);
        }
        return new Catalog(settings, dataSource);
    }

    private static HikariConfig poolConfig(CatalogSettings settings) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(settings.jdbcUrl());
        config.setPoolName("herald-catalog");
        config.setInitializationFailTimeout(-1); // Flyway's first connection reports the failure with its cause
        config.setConnectionTimeout(10_000);
        if (settings.user() != null) {
            config.setUsername(settings.user());
        }
        if (settings.password() != null) {
            config.setPassword(settings.password());
        }
        if (settings.isSqlite()) {
            createDirectory(settings.sqliteFile());
            config.setMaximumPoolSize(1);
            config.addDataSourceProperty("journal_mode", "WAL");
            config.addDataSourceProperty("synchronous", "NORMAL");
            config.addDataSourceProperty("foreign_keys", "true");
            config.addDataSourceProperty("busy_timeout", "10000");
            // the property history's indexes take inserts for every thing at once: a 2 MiB page cache
            // (SQLite's default) makes the writer read its pages back again and again
            config.addDataSourceProperty("cache_size", Integer.toString(-SQLITE_CACHE_KIB));
        } else {
            config.setMaximumPoolSize(POSTGRES_POOL);
            config.setMinimumIdle(1);
            // a batch goes out as multi-row INSERTs rather than one round trip per row
            config.addDataSourceProperty("reWriteBatchedInserts", "true");
        }
        return config;
    }

    private static void createDirectory(Path file) {
        if (file == null || file.toAbsolutePath().getParent() == null) {
            return;
        }
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new CatalogException("cannot create the directory of " + file + ": " + e.getMessage(), e);
        }
    }

    /** The catalog's JDBI, for the tables that other packages keep (push: installations, topics, buckets). */
    public Jdbi jdbi() {
        return jdbi;
    }

    public Users users() {
        return users;
    }

    public Things things() {
        return things;
    }

    public Tokens tokens() {
        return tokens;
    }

    public Settings settings() {
        return settingsTable;
    }

    /** Reported property values: latest and history (issue 17). */
    public DeviceProperties deviceProperties() {
        return deviceProperties;
    }

    /** Queued device commands (issue 17). */
    public DeviceCommands commands() {
        return commands;
    }

    /** Things' last connect and disconnect (issue 17). */
    public ThingPresence presence() {
        return presence;
    }

    /** Where the catalog lives, without credentials. */
    public CatalogSettings location() {
        return settings;
    }

    /** Whether the database answers a trivial query within two seconds, for {@code /health}. */
    public boolean reachable() {
        try (Connection c = dataSource.getConnection()) {
            return c.isValid(2);
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
