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
 * <p>The queue is created by the first acknowledgement that has to wait: a connection that publishes
 * nothing durable never needs one.
 *
 * <p>Threads: owned by the connection's session loop; completions are brought back to that loop.
 */
final class AckSequencer {

    private static final Logger log = LoggerFactory.getLogger(AckSequencer.class);

    private ArrayDeque<Pending> queue;

    private static final class Pending {
        MqttMessage ack;
        boolean ready;
    }

    /** Acknowledgements waiting for durability or for an earlier one (counts towards Receive Maximum). */
    int pending() {
        return queue == null ? 0 : queue.size();
    }

    /** Sends {@code ack} when {@code durable} completes and every earlier acknowledgement has been sent. */
    void acknowledge(Connection conn, MqttMessage ack, CompletionStage<Void> durable) {
        CompletableFuture<Void> f = durable.toCompletableFuture();
        if ((queue == null || queue.isEmpty()) && f.isDone() && !f.isCompletedExceptionally()) {
            conn.send(ack);
            return;
        }
        Pending p = new Pending();
        queue().add(p);
        f.whenCompleteAsync((v, error) -> ready(conn, p, ack, error), conn.sessionLoop());
    }

    /**
     * Reserves the place of an acknowledgement not known yet (a PUBLISH whose interceptor has not answered):
     * completing the returned future with the acknowledgement sends it once every earlier one is sent;
     * completing it exceptionally closes the connection without acknowledging.
     */
    CompletableFuture<MqttMessage> reserve(Connection conn) {
        Pending p = new Pending();
        queue().add(p);
        CompletableFuture<MqttMessage> slot = new CompletableFuture<>();
        slot.whenCompleteAsync((ack, error) -> ready(conn, p, ack, error), conn.sessionLoop());
        return slot;
    }

    private ArrayDeque<Pending> queue() {
        if (queue == null) {
            queue = new ArrayDeque<>();
        }
        return queue;
    }

    /**
     * Completes a {@link #reserve reserved} slot with {@code ack} once {@code durable} completes; a stage
     * that fails refuses the message as {@link #acknowledge} does (MQTT 5: 0x97, MQTT 3: disconnected).
     */
    void fill(CompletableFuture<MqttMessage> slot, MqttMessage ack, CompletionStage<Void> durable) {
        durable.whenComplete((v, error) -> {
            if (error == null) {
                slot.complete(ack);
            } else {
                slot.completeExceptionally(new NotDurable(ack, unwrap(error)));
            }
        });
    }

    /** A reserved acknowledgement whose message could not be made durable; carries it to the session loop. */
    private static final class NotDurable extends RuntimeException {
        final transient MqttMessage ack;

        NotDurable(MqttMessage ack, Throwable cause) {
            super(cause.getMessage(), cause, false, false);
            this.ack = ack;
        }
    }

    private static Throwable unwrap(Throwable error) {
        return error instanceof CompletionException c && c.getCause() != null ? c.getCause() : error;
    }

    private void ready(Connection conn, Pending p, MqttMessage ack, Throwable error) {
        if (error != null) {
            Throwable cause = unwrap(error);
            if (cause instanceof NotDurable notDurable) {
                ack = notDurable.ack;
            }
            log.debug("could not make a message from {} durable: {}", conn, cause.getMessage());
            if (!conn.v5() || ack == null) {
                queue.clear();
                conn.close();
                return;
            }
            ack = refusal(conn, ack, cause.getMessage());
        }
        p.ack = ack;
        p.ready = true;
        while (!queue.isEmpty() && queue.peek().ready) {
            conn.send(queue.poll().ack);
        }
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
