package io.herald.broker.listener;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
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
import java.util.concurrent.TimeUnit;

/**
 * A script of {@code src/test/node} run with Node, its output collected line by line. The build
 * installs the scripts' packages there ({@code npm ci}) before the integration tests. Threads: driven
 * by the test thread; a virtual thread reads the output.
 */
final class NodeScript implements AutoCloseable {

    static final Path DIR = Path.of("src", "test", "node").toAbsolutePath();

    private final Process process;
    private final List<String> lines = new CopyOnWriteArrayList<>();

    private NodeScript(Process process) {
        this.process = process;
        Thread.ofVirtual().start(this::read);
    }

    /** Starts {@code node <script> <args>} in {@link #DIR}. */
    static NodeScript start(String script, String... args) throws IOException {
        if (!Files.isDirectory(DIR.resolve("node_modules"))) {
            throw new IllegalStateException("the Node packages are missing: run 'npm ci' in " + DIR
                    + " (mvn verify does it before the integration tests)");
        }
        List<String> command = new ArrayList<>(List.of("node", script));
        command.addAll(List.of(args));
        return new NodeScript(new ProcessBuilder(command).directory(DIR.toFile()).redirectErrorStream(true).start());
    }

    /** Waits for a line equal to {@code expected}; fails early if the script reports an error or ends. */
    void awaitLine(String expected, Duration timeout) {
        await().atMost(timeout)
                .failFast("node script failed: " + lines, () -> lines.stream().anyMatch(l -> l.startsWith("ERROR")))
                .until(() -> lines.contains(expected));
    }

    int exitCode(Duration timeout) throws InterruptedException {
        assertThat(process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)).as("node exited; output " + lines).isTrue();
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
