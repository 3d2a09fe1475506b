package io.herald.platform.catalog;

import java.time.Instant;
import java.util.Objects;

/**
 * One reported value of one property of one service of a thing. Immutable.
 *
 * @param value the value as JSON text (a number, a string in quotes, an object, ...)
 * @param eventTime when the thing says it measured it ({@code event_time}), or when it arrived
 * @param receivedAt when the platform received it
 */
public record PropertyValue(String thingId, String serviceId, String property, String value, Instant eventTime,
        Instant receivedAt) {

    public PropertyValue {
        Objects.requireNonNull(thingId, "thingId");
        Objects.requireNonNull(serviceId, "serviceId");
        Objects.requireNonNull(property, "property");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(eventTime, "eventTime");
        Objects.requireNonNull(receivedAt, "receivedAt");
    }

    /** Whether this value replaces {@code other} as the latest: a later event time, or the same one received no earlier. */
    public boolean newerThan(PropertyValue other) {
        int c = eventTime.compareTo(other.eventTime);
        return c > 0 || c == 0 && !receivedAt.isBefore(other.receivedAt);
    }
}
