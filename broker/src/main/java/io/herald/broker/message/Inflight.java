package io.herald.broker.message;

/**
 * An outbound QoS 1/2 message sent to the client and not yet acknowledged.
 *
 * @param released QoS 2 only: PUBREC received and PUBREL sent; only PUBCOMP is awaited
 */
public record Inflight(int packetId, Message message, boolean released) {

    /** The same message after PUBREC: only PUBCOMP is awaited now. */
    public Inflight release() {
        return new Inflight(packetId, message, true);
    }
}
