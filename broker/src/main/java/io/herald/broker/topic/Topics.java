package io.herald.broker.topic;

/** Validation and matching of MQTT topic names and topic filters [MQTT-4.7]. */
public final class Topics {

    private static final int MAX_UTF8_BYTES = 65_535;

    private Topics() {}

    /**
     * Whether {@code name} is a valid topic name for PUBLISH: at least one character [MQTT-4.7.3-1],
     * no wildcard characters [MQTT-3.3.2-2], no U+0000 [MQTT-4.7.3-2].
     */
    public static boolean isValidName(String name) {
        if (name.isEmpty() || name.length() > MAX_UTF8_BYTES) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '+' || c == '#' || c == '\0') {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether {@code filter} is a valid topic filter: non-empty [MQTT-4.7.3-1], '#' only as the whole
     * last level [MQTT-4.7.1-2], '+' only as a whole level [MQTT-4.7.1-3], no U+0000 [MQTT-4.7.3-2].
     */
    public static boolean isValidFilter(String filter) {
        if (filter.isEmpty() || filter.length() > MAX_UTF8_BYTES) {
            return false;
        }
        int n = filter.length();
        for (int i = 0; i < n; i++) {
            char c = filter.charAt(i);
            if (c == '\0') {
                return false;
            }
            if (c == '+' || c == '#') {
                boolean startsLevel = i == 0 || filter.charAt(i - 1) == '/';
                boolean endsLevel = i == n - 1 || filter.charAt(i + 1) == '/';
                if (!startsLevel || !endsLevel) {
                    return false;
                }
                if (c == '#' && i != n - 1) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Whether a topic name is reserved for the broker: clients may not publish to {@code $SYS/}. */
    public static boolean isBrokerReserved(String name) {
        return name.startsWith("$SYS/") || name.equals("$SYS");
    }

    /**
     * Whether {@code name} matches {@code filter}. A filter starting with a wildcard never matches a name
     * starting with '$' [MQTT-4.7.2-1].
     */
    public static boolean matches(String filter, String name) {
        if (!name.isEmpty() && name.charAt(0) == '$' && !filter.isEmpty()
                && (filter.charAt(0) == '+' || filter.charAt(0) == '#')) {
            return false;
        }
        int fn = filter.length();
        int nn = name.length();
        int fi = 0;
        int ni = 0;
        while (true) {
            int fEnd = levelEnd(filter, fi);
            if (fEnd - fi == 1 && filter.charAt(fi) == '#') {
                return true; // [MQTT-4.7.1-2] '#' matches this level and all below
            }
            int nEnd = levelEnd(name, ni);
            boolean plus = fEnd - fi == 1 && filter.charAt(fi) == '+';
            if (!plus && (fEnd - fi != nEnd - ni || !filter.regionMatches(fi, name, ni, fEnd - fi))) {
                return false;
            }
            boolean filterLast = fEnd == fn;
            boolean nameLast = nEnd == nn;
            if (filterLast || nameLast) {
                // "sport/#" also matches "sport" [MQTT-4.7.1-2]
                return filterLast == nameLast || (nameLast && fEnd + 2 == fn && filter.charAt(fEnd + 1) == '#');
            }
            fi = fEnd + 1;
            ni = nEnd + 1;
        }
    }

    private static int levelEnd(String s, int from) {
        int slash = s.indexOf('/', from);
        return slash < 0 ? s.length() : slash;
    }
}
