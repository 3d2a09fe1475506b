package io.herald.broker.session;

import io.herald.broker.message.Message;
import io.netty.handler.codec.mqtt.MqttMessage;

/**
 * The live connection a session is attached to, as the session layer sees it: somewhere to send
 * packets. Implemented by the connection; lets the session package stay free of channel handling.
 */
public interface SessionOwner {

    /** Queues {@code packet} for the client; flushed in batches. Any thread. */
    void send(MqttMessage packet);

    /** Queues a PUBLISH of {@code message} under {@code packetId}. Any thread. */
    void sendPublish(Message message, int packetId, boolean dup);

    /** Whether the client keeps up: false when its socket buffer is full. */
    boolean writable();

    /** Closes the connection because another one took the session over [MQTT-3.1.4-2]. */
    void takenOver();
}
