package io.herald.platform.catalog;

import java.time.Instant;
import java.util.Objects;

/**
 * When a thing last connected and disconnected, as the catalog keeps it across restarts. Immutable.
 *
 * @param lastConnectedAt null when never
 * @param lastDisconnectedAt null when never
 * @param lastDisconnectReason null when never disconnected
 */
public record PresenceRecord(String thingId, Instant lastConnectedAt, Instant lastDisconnectedAt,
        String lastDisconnectReason) {

    public PresenceRecord {
        Objects.requireNonNull(thingId, "thingId");
    }

    public static PresenceRecord never(String thingId) {
        return new PresenceRecord(thingId, null, null, null);
    }
}
