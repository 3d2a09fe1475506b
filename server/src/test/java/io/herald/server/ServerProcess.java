package io.herald.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * {@code java -jar target/herald.jar ARGS} as a child process in a working directory, with its output
 * collected line by line. Threads: used from the test thread; two daemon threads read the output.
 */
final class ServerProcess implements AutoCloseable {

    private final Process process;
    private final List<String> out;
    private final List<String> err;

    private ServerProcess(Process process) {
        this.process = process;
        this.out = collect(process.getInputStream(), "herald-stdout");
        this.err = collect(process.getErrorStream(), "herald-stderr");
    }

    static ServerProcess start(Path workDir, List<String> args) throws IOException {
        Path jar = Path.of("target", "herald.jar").toAbsolutePath();
        assertThat(jar).exists();
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-jar", jar.toString()));
        cmd.addAll(args);
        return new ServerProcess(withoutDefaultListeners(new ProcessBuilder(cmd).directory(workDir.toFile())).start());
    }

    /**
     * {@code builder} with the TLS, WebSocket, WSS, HTTP and HTTPS listeners off unless the command line turns them
     * on: their default ports are fixed, and tests must never bind fixed ports.
     */
    static ProcessBuilder withoutDefaultListeners(ProcessBuilder builder) {
        builder.environment().put("HERALD_TLS_PORT", "0");
        builder.environment().put("HERALD_WS_PORT", "0");
        builder.environment().put("HERALD_WSS_PORT", "0");
        builder.environment().put("HERALD_HTTP_PORT", "0");
        builder.environment().put("HERALD_HTTPS_PORT", "0");
        return builder;
    }

    /** Waits for the line {@code herald ready ...}. */
    ServerProcess awaitReady() {
        Awaitility.await().atMost(Duration.ofSeconds(30))
                .failFast("herald exited: " + err, () -> !process.isAlive())
                .until(() -> out.stream().anyMatch(l -> l.startsWith("herald ready")));
        return this;
    }

    /** SIGKILL, and waits until the process is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
    }

    List<String> err() {
        return err;
    }

    List<String> out() {
        return out;
    }

    Process process() {
        return process;
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** The lines of {@code stream} as a daemon thread reads them, until it ends. */
    static List<String> collect(InputStream stream, String name) {
        List<String> lines = new CopyOnWriteArrayList<>();
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // the process ended
            }
        }, name);
        t.setDaemon(true);
        t.start();
        return lines;
    }
}
