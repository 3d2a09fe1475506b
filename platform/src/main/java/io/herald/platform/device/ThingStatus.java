package io.herald.platform.device;

import java.time.Instant;

/**
 * A thing's presence as the REST API shows it. Immutable.
 *
 * @param lastConnectedAt null when never
 * @param lastDisconnectedAt null when never
 * @param lastDisconnectReason null when never disconnected
 */
public record ThingStatus(boolean online, Instant lastConnectedAt, Instant lastDisconnectedAt,
        String lastDisconnectReason) {

    public static final ThingStatus NEVER = new ThingStatus(false, null, null, null);
}
