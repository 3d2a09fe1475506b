package io.herald.broker.session;

import io.herald.broker.message.Message;
import io.netty.handler.codec.mqtt.MqttMessage;

/**
 * The live connection a session is attached to, as the session layer sees it: somewhere to send
 * packets, with the limits the client asked for. Implemented by the connection; lets the session
 * package stay free of channel handling.
 */
public interface SessionOwner {

    /** Queues {@code packet} for the client; flushed in batches. Any thread. */
    void send(MqttMessage packet);

    /**
     * Queues a PUBLISH of {@code message} under {@code packetId}. Session loop.
     *
     * @return false, having sent nothing, when the packet exceeds the client's Maximum Packet Size
     *     [MQTT-3.1.2-25]
     */
    boolean sendPublish(Message message, int packetId, boolean dup);

    /** How many QoS 1/2 PUBLISH packets the client accepts unacknowledged (MQTT 5 Receive Maximum). */
    int receiveMaximum();

    /** Whether the client keeps up: false when its socket buffer is full. */
    boolean writable();

    /** Closes the connection because another one took the session over [MQTT-3.1.4-2]. Session loop. */
    void takenOver();

    /** Closes the connection on an operator's or the platform's request (MQTT 5 reason 0x98). Session loop. */
    void disconnectByAdministrator(String reason);
}
