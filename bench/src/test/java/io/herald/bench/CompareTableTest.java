package io.herald.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompareTableTest {

    @TempDir
    Path results;

    @Test
    void oneRunEach_oneRowPerScenario_withoutRunNumbers() throws IOException {
        result("herald-memory__p2p-qos1.json", 90_000, 0);
        result("mosquitto__p2p-qos1.json", 60_000, 0);
        result("herald-memory__fanin-qos1.json", 30_000, 0);
        result("mosquitto__fanin-qos1.json", 40_000, 12);

        String table = CompareTable.table(CompareTable.read(results), "2026-12-07", "a machine", "bench/compare");

        assertThat(table).contains("| scenario | figure | herald-memory | mosquitto | herald-memory / mosquitto |\n"
                + "|---|---|---|---|---|\n"
                + "| fanin-qos1 | deliveries/s | 30,000 | 40,000 (lost 12) | 0.75 |\n"
                + "| p2p-qos1 | deliveries/s | 90,000 | 60,000 | 1.50 |\n");
        assertThat(table).doesNotContain("run 1").doesNotContain("Every run is shown");
    }

    @Test
    void repeatedRuns_everyRunIsARow_ratiosWithinTheRun() throws IOException {
        result("mosquitto__fanin-qos1__r1.json", 40_000, 0);
        result("herald-memory__fanin-qos1__r1.json", 80_000, 0);
        result("mosquitto__fanin-qos1__r2.json", 40_000, 0);
        result("herald-memory__fanin-qos1__r2.json", 10_000, 0);
        result("mosquitto__fanin-qos1__r10.json", 20_000, 0);
        result("herald-memory__fanin-qos1__r10.json", 20_000, 0);

        String table = CompareTable.table(CompareTable.read(results), "2026-12-07", "a machine", "bench/compare --repeat 10");

        assertThat(table).contains("| fanin-qos1, run 1 | deliveries/s | 80,000 | 40,000 | 2.00 |\n"
                + "| fanin-qos1, run 2 | deliveries/s | 10,000 | 40,000 | 0.25 |\n"
                + "| fanin-qos1, run 10 | deliveries/s | 20,000 | 20,000 | 1.00 |\n");
        assertThat(table).contains("Every run is shown");
    }

    @Test
    void aBrokerMissingInARun_showsADash() throws IOException {
        result("herald-memory__p2p-qos0__r1.json", 300_000, 0);
        result("mosquitto__p2p-qos0__r1.json", 200_000, 0);
        result("herald-memory__p2p-qos0__r2.json", 310_000, 0);

        String table = CompareTable.table(CompareTable.read(results), "2026-12-07", "a machine", "bench/compare");

        assertThat(table).contains("| p2p-qos0, run 2 | deliveries/s | 310,000 | — | — |\n");
    }

    @Test
    void otherFiles_areIgnored() throws IOException {
        result("herald-memory__p2p-qos0.json", 300_000, 0);
        Files.writeString(results.resolve("herald-memory.log"), "log");
        Files.writeString(results.resolve("notes.json"), "{}");

        assertThat(CompareTable.read(results)).containsOnlyKeys(new CompareTable.Row("p2p-qos0", 1));
    }

    private void result(String name, long receivedPerSecond, long lost) throws IOException {
        Files.writeString(results.resolve(name),
                "{\"receivedPerSecond\": " + receivedPerSecond + ", \"lost\": " + lost + "}");
    }
}
