package io.herald.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Output for people: rows as columns padded to their widest cell, or one record as "name  value" lines.
 * Immutable once built; {@link #print} writes it.
 */
final class Table {

    /** A column: its header and how a row's JSON object becomes its cell. */
    record Column(String header, Function<JsonNode, String> cell) {}

    private final List<Column> columns;

    Table(List<Column> columns) {
        this.columns = List.copyOf(columns);
    }

    /** The rows of {@code array} under a header line; "(none)" when there are none. */
    void print(PrintWriter out, JsonNode array) {
        if (array.isEmpty()) {
            out.println("(none)");
            return;
        }
        List<String[]> lines = new ArrayList<>();
        lines.add(columns.stream().map(Column::header).toArray(String[]::new));
        for (JsonNode row : array) {
            lines.add(columns.stream().map(c -> oneLine(c.cell().apply(row))).toArray(String[]::new));
        }
        int[] widths = new int[columns.size()];
        for (String[] line : lines) {
            for (int i = 0; i < line.length; i++) {
                widths[i] = Math.max(widths[i], line[i].length());
            }
        }
        for (String[] line : lines) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < line.length; i++) {
                b.append(i == line.length - 1 ? line[i] : pad(line[i], widths[i] + 2));
            }
            out.println(b.toString().stripTrailing());
        }
    }

    /** One record: each column's header and cell on its own line. */
    void printRecord(PrintWriter out, JsonNode row) {
        int width = columns.stream().mapToInt(c -> c.header().length()).max().orElse(0) + 2;
        for (Column c : columns) {
            out.println(pad(c.header(), width) + oneLine(c.cell().apply(row)));
        }
    }

    /** A field as text, "-" when absent. */
    static String text(JsonNode row, String field) {
        JsonNode v = row.get(field);
        return v == null || v.isNull() ? "-" : v.asText();
    }

    /** A UNIX-seconds field as an ISO instant, "-" when absent. */
    static String time(JsonNode row, String field) {
        JsonNode v = row.get(field);
        return v == null || !v.canConvertToLong() ? "-" : Instant.ofEpochSecond(v.asLong()).toString();
    }

    /** An ACL as "subscribe project/#; publish,subscribe a/b". */
    static String acl(JsonNode row) {
        JsonNode acl = row.path("acl");
        if (!acl.isArray() || acl.isEmpty()) {
            return "-";
        }
        List<String> entries = new ArrayList<>();
        for (JsonNode e : acl) {
            List<String> actions = new ArrayList<>();
            e.path("actions").forEach(a -> actions.add(a.asText()));
            entries.add(String.join(",", actions) + " " + e.path("topic").asText());
        }
        return String.join("; ", entries);
    }

    private static String oneLine(String s) {
        return s == null ? "-" : s.replace('\n', ' ').replace('\r', ' ');
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s + " " : s + " ".repeat(width - s.length());
    }
}
