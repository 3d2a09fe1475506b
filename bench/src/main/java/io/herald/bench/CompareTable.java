package io.herald.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Turns the JSON results of {@code bench/compare} ({@code BROKER__SCENARIO.json}, or
 * {@code BROKER__SCENARIO__rN.json} for run N of a {@code --repeat}, in one directory) into the
 * Markdown table of docs/benchmarks.md: one row per scenario and run (every run shown, never an
 * average, so that a bimodal broker shows as such), one column per broker, then Herald's ratio to each
 * peer in the same run. Stateless; a command-line tool:
 *
 * <pre>
 * CompareTable RESULTS_DIR DATE MACHINE COMMAND     prints the table
 * CompareTable --half-rate RESULT.json              prints half the delivery rate of one result
 * </pre>
 */
public final class CompareTable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> BROKERS = List.of("herald-memory", "herald-rocksdb", "mosquitto", "hivemq", "moquette");
    private static final List<String> PEERS = List.of("mosquitto", "hivemq", "moquette");
    /** BROKER__SCENARIO.json or BROKER__SCENARIO__rN.json. */
    private static final Pattern RESULT = Pattern.compile("(.+?)__(.+?)(?:__r(\\d+))?\\.json");

    private CompareTable() {}

    public static void main(String[] args) throws IOException {
        if (args.length == 2 && args[0].equals("--half-rate")) {
            System.out.println(Math.max(100, JSON.readTree(Path.of(args[1]).toFile()).get("receivedPerSecond").asLong() / 2));
            return;
        }
        if (args.length != 4) {
            System.err.println("usage: CompareTable RESULTS_DIR DATE MACHINE COMMAND | --half-rate RESULT.json");
            System.exit(2);
        }
        System.out.print(table(read(Path.of(args[0])), args[1], args[2], args[3]));
    }

    /** One row of the table: a scenario and its run (1 without {@code --repeat}). Immutable. */
    record Row(String scenario, int run) implements Comparable<Row> {
        @Override
        public int compareTo(Row o) {
            int c = scenario.compareTo(o.scenario);
            return c != 0 ? c : Integer.compare(run, o.run);
        }
    }

    /** Row → broker → result, rows by scenario, then run. */
    static Map<Row, Map<String, JsonNode>> read(Path dir) throws IOException {
        Map<Row, Map<String, JsonNode>> all = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.sorted().toList()) {
                Matcher m = RESULT.matcher(f.getFileName().toString());
                if (m.matches()) {
                    Row row = new Row(m.group(2), m.group(3) == null ? 1 : Integer.parseInt(m.group(3)));
                    all.computeIfAbsent(row, r -> new LinkedHashMap<>()).put(m.group(1), JSON.readTree(f.toFile()));
                }
            }
        }
        return all;
    }

    static String table(Map<Row, Map<String, JsonNode>> results, String date, String machine, String command) {
        List<String> brokers = BROKERS.stream().filter(b -> results.values().stream().anyMatch(m -> m.containsKey(b))).toList();
        boolean repeated = results.keySet().stream().anyMatch(r -> r.run() > 1);
        StringBuilder out = new StringBuilder();
        out.append("Run ").append(date).append(" on ").append(machine).append(", broker on CPU 0, load on CPU 1: `")
                .append(command).append("`\n\n| scenario | figure |");
        brokers.forEach(b -> out.append(' ').append(b).append(" |"));
        List<String> peers = PEERS.stream().filter(brokers::contains).toList();
        peers.forEach(p -> out.append(" herald-memory / ").append(p).append(" |"));
        out.append("\n|---|---|").append("---|".repeat(brokers.size() + peers.size())).append('\n');
        for (Map.Entry<Row, Map<String, JsonNode>> row : results.entrySet()) {
            String scenario = row.getKey().scenario();
            out.append("| ").append(scenario);
            if (repeated) {
                out.append(", run ").append(row.getKey().run());
            }
            out.append(" | ").append(figureName(scenario)).append(" |");
            List<Double> values = new ArrayList<>();
            for (String b : brokers) {
                JsonNode r = row.getValue().get(b);
                double v = r == null ? Double.NaN : figure(scenario, r);
                values.add(v);
                out.append(' ').append(cell(v, r)).append(" |");
            }
            double herald = values.get(0);
            for (String p : peers) {
                double peer = values.get(brokers.indexOf(p));
                out.append(' ').append(ratio(scenario, herald, peer)).append(" |");
            }
            out.append('\n');
        }
        out.append("\nThroughput is deliveries per second; lower is better for latency and bytes per connection, so their")
                .append(" ratios are peer / Herald (above 1 means Herald is better everywhere).");
        if (repeated) {
            out.append(" Every run is shown; ratios compare the brokers within one run.");
        }
        return out.append('\n').toString();
    }

    private static String figureName(String scenario) {
        if (scenario.startsWith("latency")) {
            return "p99 latency µs";
        }
        if (scenario.startsWith("conn")) {
            return "RSS bytes per idle connection";
        }
        return "deliveries/s";
    }

    private static double figure(String scenario, JsonNode r) {
        if (scenario.startsWith("latency")) {
            return r.get("latencyMicros").get("p99").asDouble();
        }
        if (scenario.startsWith("conn")) {
            return r.get("rssPerConnectionBytes").asDouble();
        }
        return r.get("receivedPerSecond").asDouble();
    }

    private static String cell(double v, JsonNode r) {
        if (Double.isNaN(v)) {
            return "—";
        }
        String text = String.format(Locale.ROOT, "%,.0f", v);
        long lost = r.path("lost").asLong();
        return lost > 0 ? text + " (lost " + lost + ")" : text;
    }

    private static String ratio(String scenario, double herald, double peer) {
        if (Double.isNaN(herald) || Double.isNaN(peer) || herald <= 0 || peer <= 0) {
            return "—";
        }
        boolean lowerIsBetter = scenario.startsWith("latency") || scenario.startsWith("conn");
        return String.format(Locale.ROOT, "%.2f", lowerIsBetter ? peer / herald : herald / peer);
    }
}
