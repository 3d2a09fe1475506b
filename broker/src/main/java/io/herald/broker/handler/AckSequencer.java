package io.herald.broker.handler;

import io.netty.handler.codec.mqtt.MqttMessage;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a connection's PUBACK / PUBREC once the message it acknowledges is durable, and in the order
 * the PUBLISH packets arrived [MQTT-4.6.0-2] [MQTT-4.6.0-3], even when later messages become durable
 * first. If the store cannot make a message durable, nothing is acknowledged and the connection is
 * closed, so the client sends it again.
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
     * completing it exceptionally closes the connection without acknowledging, as a store failure does.
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

    private void ready(Connection conn, Pending p, MqttMessage ack, Throwable error) {
        if (error != null) {
            log.error("could not make a message from {} durable; closing without acknowledging it", conn, error);
            queue.clear();
            conn.close();
            return;
        }
        p.ack = ack;
        p.ready = true;
        while (!queue.isEmpty() && queue.peek().ready) {
            conn.send(queue.poll().ack);
        }
    }
}
