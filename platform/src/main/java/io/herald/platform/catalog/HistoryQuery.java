package io.herald.platform.catalog;

import java.time.Instant;
import java.util.Objects;

/**
 * Which part of a thing's property history to read, newest first. Immutable.
 *
 * @param serviceId null for every service
 * @param property null for every property
 * @param from earliest event time, inclusive; null for no bound
 * @param to latest event time, inclusive; null for no bound
 */
public record HistoryQuery(String thingId, String serviceId, String property, Instant from, Instant to, int offset,
        int limit) {

    public HistoryQuery {
        Objects.requireNonNull(thingId, "thingId");
        if (offset < 0 || limit < 1) {
            throw new IllegalArgumentException("offset must be >= 0 and limit >= 1");
        }
    }
}
