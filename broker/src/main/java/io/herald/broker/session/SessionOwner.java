package io.herald.broker.session;

import io.herald.broker.DisconnectReason;
import io.herald.broker.message.Message;
import io.netty.handler.codec.mqtt.MqttMessage;
import java.net.SocketAddress;
import java.time.Instant;

/**
 * The live connection a session is attached to, as the session layer sees it: somewhere to send
 * packets, with the limits the client asked for. Implemented by the connection; lets the session
 * package stay free of channel handling.
 */
public interface SessionOwner {

    /** Writes {@code packet} to the client; flushed once per loop turn. Session loop (the connection's loop). */
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

    /** The client's address. */
    SocketAddress remoteAddress();

    /** 3 (MQTT 3.1), 4 (3.1.1) or 5. */
    int protocolLevel();

    /** The listener kind: {@code tcp}, {@code tls}, {@code ws} or {@code wss}. */
    String transport();

    /** When CONNACK accepted the connection. */
    Instant connectedSince();

    /** The client's current rights: what its will is authorized against when it is published. Session loop. */
    Rights rights();

    /**
     * Replaces the client's rights: its subscriptions are checked again (those no longer allowed are
     * removed) and its credential's expiry is watched anew. Session loop.
     *
     * @return how many subscriptions were removed
     */
    int updateRights(Rights rights);

    /** Closes the connection because another one took the session over [MQTT-3.1.4-2]. Session loop. */
    void takenOver();

    /**
     * Closes the connection from the server side: MQTT 5 clients get DISCONNECT with the reason's code
     * and {@code why} as reason string; the will is published as after any abnormal end. Does nothing
     * when it is already closing. Session loop.
     */
    void disconnect(DisconnectReason reason, String why);
}
