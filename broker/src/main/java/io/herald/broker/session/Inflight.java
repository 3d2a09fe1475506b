package io.herald.broker.session;

import io.herald.broker.message.Message;

/**
 * An outbound QoS 1/2 message sent to the client and not yet acknowledged.
 *
 * @param released QoS 2 only: PUBREC received and PUBREL sent; only PUBCOMP is awaited
 */
public record Inflight(int packetId, Message message, boolean released) {

    Inflight release() {
        return new Inflight(packetId, message, true);
    }
}
