package io.herald.bench;

/**
 * The shapes of load, in the vocabulary the MQTT benchmarks share. Immutable.
 */
public enum Scenario {
    /** N publishers and N subscribers, one topic per pair. */
    P2P,
    /** A few publishers on one topic, many subscribers of it. */
    FANOUT,
    /** Many publishers on topics of their own, one subscriber of all (or a {@code $share} group). */
    FANIN,
    /** N clients connect and stay idle: connect rate and memory per connection. */
    CONNECTIONS;

    /** The topic publisher {@code p} of {@code run} publishes on. */
    String topicOf(String run, int p) {
        return switch (this) {
            case FANOUT -> "bench/" + run + "/all";
            default -> "bench/" + run + "/" + p;
        };
    }

    /** The filter subscriber {@code s} subscribes to; {@code group} non-null for a shared fan-in. */
    String filterOf(String run, int s, String group) {
        return switch (this) {
            case P2P -> "bench/" + run + "/" + s;
            case FANOUT -> "bench/" + run + "/all";
            case FANIN -> (group == null ? "" : "$share/" + group + "/") + "bench/" + run + "/+";
            case CONNECTIONS -> throw new IllegalStateException("idle clients subscribe to nothing");
        };
    }

    /** Whether subscriber {@code s} receives what publisher {@code p} sends. */
    boolean delivers(int p, int s) {
        return this != P2P || p == s;
    }
}
