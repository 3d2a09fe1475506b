package io.herald.client.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code /usr/sbin/mosquitto}, in memory, on 127.0.0.1: a plain listener, and optionally a
 * TLS listener with the given test certificates. Stops and starts again on the same ports. Not
 * thread-safe: used from the test thread.
 */
public final class MosquittoBroker implements TestBroker {

    private static final Path BINARY = Path.of("/usr/sbin/mosquitto");

    private final Path dir;
    private final int port = Ports.free();
    private final int tlsPort;
    private Process process;

    private MosquittoBroker(Path dir, int tlsPort) {
        this.dir = dir;
        this.tlsPort = tlsPort;
    }

    /** A broker with anonymous access on a plain listener. */
    public static MosquittoBroker launch() {
        return launch("allow_anonymous true\n", null, false);
    }

    /**
     * A broker with {@code settings} (global configuration lines), a plain listener and, when
     * {@code certs} is given, a TLS listener that requires a client certificate or not.
     */
    public static MosquittoBroker launch(String settings, TestCertificates certs, boolean requireCertificate) {
        if (!Files.isExecutable(BINARY)) {
            throw new IllegalStateException(BINARY + " is missing: apt-get install -y mosquitto");
        }
        try {
            // run as root, mosquitto drops to the user "mosquitto", which must be able to read the files
            Path dir = Files.createTempDirectory("mosquitto",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
            MosquittoBroker b = new MosquittoBroker(dir, certs == null ? -1 : Ports.free());
            StringBuilder conf = new StringBuilder(settings)
                    .append("persistence false\nlog_dest stdout\nlog_type all\n")
                    .append("listener ").append(b.port).append(" 127.0.0.1\n");
            if (certs != null) {
                certs.writeServerFiles(dir);
                try (var files = Files.list(dir)) {
                    for (Path f : files.toList()) {
                        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
                    }
                }
                conf.append("listener ").append(b.tlsPort).append(" 127.0.0.1\n")
                        .append("cafile ").append(dir.resolve("ca.pem")).append('\n')
                        .append("certfile ").append(dir.resolve("server.pem")).append('\n')
                        .append("keyfile ").append(dir.resolve("server.key")).append('\n')
                        .append("require_certificate ").append(requireCertificate).append('\n');
            }
            Files.writeString(dir.resolve("mosquitto.conf"), conf);
            b.start();
            return b;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs {@code mosquitto_passwd} to make a password file in this broker's directory; returns its path. */
    public static Path passwordFile(String user, String password) {
        try {
            Path dir = Files.createTempDirectory("mosquitto-passwd");
            Path file = dir.resolve("passwd");
            Process p = new ProcessBuilder("mosquitto_passwd", "-b", "-c", file.toString(), user, password)
                    .redirectErrorStream(true).start();
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("mosquitto_passwd failed: " + new String(p.getInputStream()
                        .readAllBytes()));
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String name() {
        return "mosquitto";
    }

    @Override
    public int port() {
        return port;
    }

    public int tlsPort() {
        return tlsPort;
    }

    @Override
    public void start() {
        try {
            process = new ProcessBuilder(BINARY.toString(), "-c", dir.resolve("mosquitto.conf").toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("mosquitto.log").toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        await("mosquitto listening on " + port).atMost(Duration.ofSeconds(10)).until(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("mosquitto exited with " + process.exitValue() + ": "
                        + Files.readString(dir.resolve("mosquitto.log")));
            }
            return Ports.accepts(port) && (tlsPort < 0 || Ports.accepts(tlsPort));
        });
    }

    @Override
    public void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    @Override
    public void close() {
        stop();
    }

    @Override
    public String toString() {
        return name();
    }
}
