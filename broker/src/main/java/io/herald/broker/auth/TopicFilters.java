package io.herald.broker.auth;

/**
 * How two MQTT topic filters relate, level by level, with the matching rules of [MQTT-4.7]: {@code +}
 * is one level, {@code #} is any number of levels including none (so {@code a/#} matches {@code a}),
 * and a filter starting with a wildcard matches no topic starting with {@code $} [MQTT-4.7.2-1].
 * Both filters must be valid. Stateless.
 */
final class TopicFilters {

    private TopicFilters() {}

    /**
     * Whether every topic that {@code inner} matches is also matched by {@code outer}: {@code users/bob/#}
     * covers {@code users/bob/+} but not {@code users/#}, and {@code a/+} does not cover {@code a/#}.
     */
    static boolean covers(String outer, String inner) {
        String[] o = outer.split("/", -1);
        String[] i = inner.split("/", -1);
        if (isWildcard(o[0]) && i[0].startsWith("$")) {
            return false;
        }
        for (int n = 0; ; n++) {
            if (n == o.length) {
                return n == i.length;
            }
            if (o[n].equals("#")) {
                return true;
            }
            if (n == i.length || i[n].equals("#")) {
                return false;
            }
            if (!o[n].equals("+") && !o[n].equals(i[n])) {
                return false; // a literal level covers only the same literal, not '+'
            }
        }
    }

    /** Whether some topic is matched by both {@code a} and {@code b}. */
    static boolean overlaps(String a, String b) {
        String[] x = a.split("/", -1);
        String[] y = b.split("/", -1);
        if (isWildcard(x[0]) && y[0].startsWith("$") || isWildcard(y[0]) && x[0].startsWith("$")) {
            return false;
        }
        for (int n = 0; ; n++) {
            if (n == x.length || n == y.length) {
                return n == x.length && n == y.length || n < x.length && x[n].equals("#")
                        || n < y.length && y[n].equals("#");
            }
            if (x[n].equals("#") || y[n].equals("#")) {
                return true;
            }
            if (!x[n].equals("+") && !y[n].equals("+") && !x[n].equals(y[n])) {
                return false;
            }
        }
    }

    private static boolean isWildcard(String level) {
        return level.equals("+") || level.equals("#");
    }
}
