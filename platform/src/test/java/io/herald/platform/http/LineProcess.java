package io.herald.platform.http;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * A command-line client (mosquitto_sub, node with MQTT.js, a playwright-core script driving Chromium) run
 * as a process, its output collected line by line. Threads: driven by the test thread; a virtual thread reads the output.
 */
final class LineProcess implements AutoCloseable {

    /** Where the testkit's build installs MQTT.js ({@code npm ci}); the platform's scripts use it from there. */
    static final Path NODE_MODULES = Path.of("..", "testkit", "src", "test", "node", "node_modules").toAbsolutePath()
            .normalize();
    static final Path NODE_SCRIPTS = Path.of("src", "test", "node").toAbsolutePath();

    private final Process process;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Thread reader;

    private LineProcess(Process process) {
        this.process = process;
        this.reader = Thread.ofVirtual().start(this::read);
    }

    static LineProcess start(List<String> command) throws IOException {
        return start(command, null);
    }

    /** Runs {@code command} in {@code directory} (null: this process's working directory). */
    static LineProcess start(List<String> command, Path directory) throws IOException {
        return new LineProcess(new ProcessBuilder(command).directory(directory == null ? null : directory.toFile())
                .redirectErrorStream(true).start());
    }

    /** {@code node <script> <args>} with MQTT.js from the testkit's packages. */
    static LineProcess node(String script, String... args) throws IOException {
        if (!Files.isDirectory(NODE_MODULES.resolve("mqtt"))) {
            throw new IllegalStateException("MQTT.js is missing: run 'npm ci' in " + NODE_MODULES.getParent()
                    + " (mvn verify does it before the integration tests)");
        }
        List<String> command = new ArrayList<>(List.of("node", NODE_SCRIPTS.resolve(script).toString()));
        command.addAll(List.of(args));
        ProcessBuilder b = new ProcessBuilder(command).redirectErrorStream(true);
        b.environment().put("NODE_PATH", NODE_MODULES.toString());
        return new LineProcess(b.start());
    }

    /** Waits for a line that {@code matches}; fails early on a line starting with ERROR. */
    String awaitLine(Predicate<String> matches, Duration timeout) {
        await().atMost(timeout)
                .failFast("the client failed: " + lines, () -> lines.stream().anyMatch(l -> l.startsWith("ERROR")))
                .until(() -> lines.stream().anyMatch(matches));
        return lines.stream().filter(matches).findFirst().orElseThrow();
    }

    String awaitLine(String prefix, Duration timeout) {
        return awaitLine(l -> l.startsWith(prefix), timeout);
    }

    /** Waits for the process to end and for its last line to be read; its exit code. */
    int exitCode(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
                || !reader.join(timeout)) {
            throw new AssertionError("the client did not end; output " + lines);
        }
        return process.exitValue();
    }

    List<String> lines() {
        return lines;
    }

    private void read() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                lines.add(line);
            }
        } catch (IOException e) {
            lines.add("output lost: " + e);
        }
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }
}
