package io.herald.bench.devices;

/** Reads a value out of Prometheus' text exposition. Stateless. */
final class Prometheus {

    private Prometheus() {}

    /**
     * The sum of the samples of {@code name} (every label set; {@code name{result="accepted"}} selects
     * one), 0 when it has none.
     */
    static double value(String exposition, String name) {
        double sum = 0;
        for (String line : exposition.split("\n")) {
            if (line.startsWith(name) && line.length() > name.length()
                    && (line.charAt(name.length()) == ' ' || line.charAt(name.length()) == '{')) {
                String sample = line.substring(line.lastIndexOf(' ') + 1);
                try {
                    sum += Double.parseDouble(sample);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("not a sample of " + name + ": " + line);
                }
            }
        }
        return sum;
    }
}
