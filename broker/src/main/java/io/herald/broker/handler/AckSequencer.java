package io.herald.broker.handler;

import io.herald.broker.codec.Packets;
import io.herald.broker.codec.Props;
import io.herald.broker.codec.ProtocolViolation;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPubReplyMessageVariableHeader;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a connection's PUBACK / PUBREC once the message it acknowledges is durable, and in the order
 * the PUBLISH packets arrived [MQTT-4.6.0-2] [MQTT-4.6.0-3], even when later messages become durable
 * first. If the store cannot make a message durable (a full disk), the message is refused, never
 * acknowledged: an MQTT 5 publisher gets PUBACK / PUBREC 0x97 (quota exceeded) with a reason string
 * and may send it again later; an MQTT 3 publisher, which has no negative acknowledgement, is
 * disconnected and sends it again when it reconnects.
 *
 * <p>Threads: owned by the connection's session loop; completions are brought back to that loop.
 */
final class AckSequencer {

    private static final Logger log = LoggerFactory.getLogger(AckSequencer.class);

    private final ArrayDeque<Pending> queue = new ArrayDeque<>();

    private static final class Pending {
        MqttMessage ack;
        boolean ready;

        Pending(MqttMessage ack) {
            this.ack = ack;
        }
    }

    /** Acknowledgements waiting for durability or for an earlier one (counts towards Receive Maximum). */
    int pending() {
        return queue.size();
    }

    /** Sends {@code ack} when {@code durable} completes and every earlier acknowledgement has been sent. */
    void acknowledge(Connection conn, MqttMessage ack, CompletionStage<Void> durable) {
        CompletableFuture<Void> f = durable.toCompletableFuture();
        if (queue.isEmpty() && f.isDone() && !f.isCompletedExceptionally()) {
            conn.send(ack);
            return;
        }
        Pending p = new Pending(ack);
        queue.add(p);
        f.whenCompleteAsync((v, error) -> {
            if (error != null) {
                Throwable cause = error instanceof CompletionException c && c.getCause() != null ? c.getCause() : error;
                log.debug("could not make a message from {} durable: {}", conn, cause.getMessage());
                if (!conn.v5()) {
                    queue.clear();
                    conn.close();
                    return;
                }
                p.ack = refusal(conn, p.ack, cause.getMessage());
            }
            p.ready = true;
            while (!queue.isEmpty() && queue.peek().ready) {
                conn.send(queue.poll().ack);
            }
        }, conn.sessionLoop());
    }

    /** The acknowledgement with 0x97 instead of success; a refused QoS 2 flow ends at PUBREC [MQTT5-4.3.3]. */
    private static MqttMessage refusal(Connection conn, MqttMessage ack, String reason) {
        MqttMessageType type = ack.fixedHeader().messageType();
        int packetId = ((MqttPubReplyMessageVariableHeader) ack.variableHeader()).messageId();
        if (type == MqttMessageType.PUBREC && conn.session != null) {
            conn.session.releaseInboundQos2(packetId);
        }
        return Packets.pubReply(type, packetId, ProtocolViolation.QUOTA_EXCEEDED, conn.problemInformation
                ? Props.reasonWithin(reason, 4, conn.clientMaximumPacketSize)
                : MqttProperties.NO_PROPERTIES);
    }
}
