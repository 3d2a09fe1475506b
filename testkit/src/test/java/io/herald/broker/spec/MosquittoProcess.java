package io.herald.broker.spec;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code /usr/sbin/mosquitto} on 127.0.0.1 and a free port, in memory only: the reference
 * broker the conformance suite can be pointed at to check the tests themselves. Not thread-safe.
 */
final class MosquittoProcess implements AutoCloseable {

    private static final Path BINARY = Path.of("/usr/sbin/mosquitto");

    private final Process process;
    private final int port;

    private MosquittoProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static MosquittoProcess start() {
        try {
            if (!Files.isExecutable(BINARY)) {
                throw new IllegalStateException(BINARY + " is missing: apt-get install -y mosquitto");
            }
            int port = freePort();
            Path dir = Files.createTempDirectory("mosquitto");
            Path conf = Files.writeString(dir.resolve("mosquitto.conf"), """
                    listener %d 127.0.0.1
                    allow_anonymous true
                    persistence false
                    log_dest stdout
                    log_type all
                    """.formatted(port));
            Process p = new ProcessBuilder(BINARY.toString(), "-c", conf.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("mosquitto.log").toFile())
                    .start();
            MosquittoProcess mosquitto = new MosquittoProcess(p, port);
            await("mosquitto listening on " + port).atMost(Duration.ofSeconds(5)).until(mosquitto::accepts);
            return mosquitto;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int port() {
        return port;
    }

    private boolean accepts() {
        if (!process.isAlive()) {
            throw new IllegalStateException("mosquitto exited with " + process.exitValue());
        }
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
