package io.herald.platform.mqtt;

import java.time.Instant;
import java.util.List;

/**
 * One MQTT session as the REST API lists it. Immutable.
 *
 * @param principalKind null when unknown
 * @param remoteAddress null when not connected
 * @param connectedSince null when not connected
 */
public record SessionView(String clientId, String principalKind, String principalId, boolean connected,
        String remoteAddress, int protocolLevel, String transport, Instant connectedSince, List<String> subscriptions,
        long queued) {

    public SessionView {
        subscriptions = List.copyOf(subscriptions);
    }
}
