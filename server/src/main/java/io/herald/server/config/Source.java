package io.herald.server.config;

/**
 * Where the effective value of a setting came from, in order of precedence: a flag, a {@code HERALD_*}
 * environment variable, the configuration file, or the built-in default. Immutable.
 *
 * @param where the variable ({@code HERALD_MQTT_PORT}) or {@code FILE:LINE}; empty for a flag or the default
 */
public record Source(Kind kind, String where) {

    /** The kinds of source, strongest first. */
    public enum Kind {
        FLAG,
        ENV,
        FILE,
        DEFAULT
    }

    static final Source FLAG = new Source(Kind.FLAG, "");
    static final Source DEFAULT = new Source(Kind.DEFAULT, "");

    /** As {@code --print-config} shows it: {@code flag}, {@code env HERALD_MQTT_PORT}, {@code herald.yaml:3}, {@code default}. */
    @Override
    public String toString() {
        return switch (kind) {
            case FLAG -> "flag";
            case ENV -> "env " + where;
            case FILE -> where;
            case DEFAULT -> "default";
        };
    }
}
