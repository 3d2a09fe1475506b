package io.herald.platform;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A throwaway PostgreSQL server for tests: Debian's PostgreSQL 15 ({@code initdb} + {@code pg_ctl}) in a
 * temporary directory on a free loopback port, run as the {@code postgres} user through {@code runuser}
 * when the tests run as root (PostgreSQL refuses root). Started once per JVM on first use, stopped by a
 * shutdown hook. {@link #newDatabase} gives each test its own empty database. Thread-safe.
 */
public final class PostgresServer {

    private static final Path BIN = Path.of("/usr/lib/postgresql/15/bin");
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static PostgresServer instance;

    private final Path dir;
    private final int port;

    private PostgresServer(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /** The running server, started on first call. */
    public static synchronized PostgresServer get() {
        if (instance == null) {
            instance = start();
            Runtime.getRuntime().addShutdownHook(new Thread(instance::stop, "postgres-stop"));
        }
        return instance;
    }

    /** Creates an empty database and returns its JDBC URL (user postgres, no password). */
    public String newDatabase() {
        String name = "herald_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        try (Connection c = DriverManager.getConnection(url("postgres"), "postgres", "");
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name + ": " + e.getMessage(), e);
        }
        return url(name);
    }

    public int port() {
        return port;
    }

    private String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    private static PostgresServer start() {
        if (!Files.isExecutable(BIN.resolve("initdb"))) {
            throw new IllegalStateException(BIN.resolve("initdb") + " not found: install Debian's postgresql"
                    + " (apt-get install postgresql; ./herald test does it)");
        }
        try {
            Path dir = Files.createTempDirectory("herald-pg-");
            Path data = dir.resolve("data");
            if (root()) {
                run(List.of("chown", "postgres", dir.toString()));
            }
            run(asPostgres(BIN.resolve("initdb").toString(), "-D", data.toString(), "-A", "trust", "-U", "postgres",
                    "-E", "UTF8", "--no-sync"));
            int port = freePort();
            run(asPostgres(BIN.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", dir.resolve("log").toString(),
                    "-w", "-t", "60", "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off",
                    "start"));
            return new PostgresServer(dir, port);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start PostgreSQL: " + e.getMessage(), e);
        }
    }

    private void stop() {
        try {
            run(asPostgres(BIN.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "immediate",
                    "-w", "stop"));
            run(List.of("rm", "-rf", dir.toString()));
        } catch (IOException | IllegalStateException e) {
            System.err.println("PostgreSQL in " + dir + " did not stop: " + e.getMessage());
        }
    }

    private static boolean root() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static List<String> asPostgres(String... command) {
        List<String> line = new ArrayList<>();
        if (root()) {
            line.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        line.addAll(List.of(command));
        return line;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void run(List<String> command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            if (!p.waitFor(90, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("timed out: " + String.join(" ", command));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IllegalStateException("interrupted: " + String.join(" ", command), e);
        }
        String output = new String(p.getInputStream().readAllBytes());
        if (p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " exited " + p.exitValue() + ": " + output);
        }
    }
}
