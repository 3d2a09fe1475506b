package io.herald.platform.mqtt;

import io.herald.broker.auth.Principal;
import java.time.Instant;

/**
 * Told of every MQTT connection that starts or ends, in order, on one broker-owned thread (never an
 * event loop): presence comes from here, not from trying to reach a client. Must not block for long.
 */
public interface ConnectionListener {

    void connected(String clientId, Principal principal, int protocolLevel, Instant at);

    /** @param reason why it ended, in words (a client DISCONNECT, a keep alive timeout, a takeover, ...) */
    void disconnected(String clientId, Principal principal, String reason, Instant at);
}
