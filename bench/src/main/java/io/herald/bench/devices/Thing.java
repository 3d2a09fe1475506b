package io.herald.bench.devices;

import java.util.ArrayList;
import java.util.List;

/** A registered thing the load connects as. Immutable. */
record Thing(String id, String secret) {

    /** Parses lines {@code thingID secret} (blank lines and {@code #} comments skipped); a clear error otherwise. */
    static List<Thing> parse(List<String> lines) {
        List<Thing> things = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split("\\s+");
            if (parts.length != 2) {
                throw new IllegalArgumentException("line " + (i + 1) + ": expected \"thingID secret\", got \"" + line + "\"");
            }
            things.add(new Thing(parts[0], parts[1]));
        }
        if (things.isEmpty()) {
            throw new IllegalArgumentException("no things in the file");
        }
        return things;
    }
}
