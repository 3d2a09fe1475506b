package io.herald.platform.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a playwright-core script of {@code src/test/node} in Debian's headless Chromium and collects its
 * output lines. The test thread waits; a virtual thread reads the script's output.
 */
final class BrowserScript {

    static final Path NODE = Path.of("src", "test", "node").toAbsolutePath();
    static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("HERALD_CHROMIUM", "/usr/bin/chromium"));
    static final Path SHOTS = Path.of("target", "console-screenshots").toAbsolutePath();

    private BrowserScript() {}

    /** Fails early, with the fix, when Chromium or the Node packages are missing. */
    static void checkInstalled() {
        if (!Files.isExecutable(CHROMIUM)) {
            throw new IllegalStateException(CHROMIUM + " is missing: apt-get install -y chromium");
        }
        if (!Files.isDirectory(NODE.resolve("node_modules"))) {
            throw new IllegalStateException("the Node packages are missing: run 'npm ci' in " + NODE
                    + " (mvn verify does it before the integration tests)");
        }
    }

    /** Deletes the screenshots of these views, so the ones found after a run are from that run. */
    static void forget(List<String> views) throws IOException {
        for (String view : views) {
            Files.deleteIfExists(SHOTS.resolve(view + ".png"));
            Files.deleteIfExists(SHOTS.resolve(view + ".jpg"));
        }
    }

    /** Runs {@code node script args…} to its end; its output lines, after asserting it exited 0. */
    static List<String> run(String script, String... args) throws IOException, InterruptedException {
        Files.createDirectories(SHOTS);
        List<String> command = new ArrayList<>(List.of("node", script));
        command.addAll(List.of(args));
        try (LineProcess node = LineProcess.start(command, NODE)) {
            assertThat(node.exitCode(Duration.ofSeconds(120))).as("node exit code; output " + node.lines()).isZero();
            return node.lines();
        }
    }
}
