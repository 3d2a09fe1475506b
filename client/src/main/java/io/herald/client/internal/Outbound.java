package io.herald.client.internal;

import io.herald.client.ConnAck;
import io.herald.client.MqttClientConfig;
import io.herald.client.MqttClientException;
import io.herald.client.MqttError;
import io.herald.client.ProtocolVersion;
import io.herald.client.PublishMessage;
import io.herald.client.PublishResult;
import io.netty.handler.codec.mqtt.MqttMessageType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The outgoing publish flow: messages waiting for a connection or a free slot in the in-flight window,
 * QoS 1/2 messages awaiting PUBACK, PUBREC or PUBCOMP, and their resend after a reconnect.
 *
 * <p>Threads: owned by the client's event loop.
 */
final class Outbound {

    private record Waiting(PublishMessage message, CompletableFuture<PublishResult> future) {}

    private static final class Inflight {
        final PublishMessage message;
        final CompletableFuture<PublishResult> future;
        boolean released;
        int pubRecReason;

        Inflight(PublishMessage message, CompletableFuture<PublishResult> future) {
            this.message = message;
            this.future = future;
        }
    }

    private final MqttClientConfig config;
    private final Callbacks callbacks;
    private final PacketIds ids;
    private final Map<Integer, Inflight> inflight = new LinkedHashMap<>();
    private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();
    private ConnectionHandler link;
    private ConnAck limits;

    Outbound(MqttClientConfig config, Callbacks callbacks, PacketIds ids) {
        this.config = config;
        this.callbacks = callbacks;
        this.ids = ids;
    }

    void publish(PublishMessage message, CompletableFuture<PublishResult> future) {
        if (link == null && waiting.size() >= config.offlineBufferSize()) {
            callbacks.fail(future, MqttClientException.of(MqttError.DISCONNECTED, config.offlineBufferSize() == 0
                    ? "not connected" : "not connected and the offline buffer is full"));
            return;
        }
        waiting.add(new Waiting(message, future));
        drain();
    }

    /** A connection was accepted: resend what is in flight [MQTT-4.4.0-1], then send what waits. */
    void connected(ConnectionHandler connection, ConnAck connAck) {
        this.link = connection;
        this.limits = connAck;
        for (Map.Entry<Integer, Inflight> e : inflight.entrySet()) {
            Inflight i = e.getValue();
            if (i.released) {
                connection.write(Packets.ack(MqttMessageType.PUBREL, e.getKey()));
            } else {
                // [MQTT-4.4.0-2] a resent PUBLISH carries DUP=1 and the same packet identifier
                connection.write(Packets.publish(i.message, e.getKey(), true, config.protocolVersion()));
            }
        }
        drain();
    }

    void disconnected() {
        link = null;
    }

    void pubAck(int id, int reason, String reasonString) {
        Inflight i = inflight.remove(id);
        if (i == null) {
            return;
        }
        ids.release(id);
        if (reason >= 0x80) {
            callbacks.fail(i.future, refused("PUBACK", reason, reasonString));
        } else {
            callbacks.complete(i.future, new PublishResult(1, reason, reasonString));
        }
        drain();
    }

    void pubRec(int id, int reason, String reasonString) {
        Inflight i = inflight.get(id);
        if (i != null && reason >= 0x80) {
            // [MQTT-4.3.3-4] PUBREL only answers a PUBREC below 0x80; an error code ends the exchange
            inflight.remove(id);
            ids.release(id);
            callbacks.fail(i.future, refused("PUBREC", reason, reasonString));
            drain();
            return;
        }
        if (i != null) {
            i.released = true;
            i.pubRecReason = reason;
        }
        // [MQTT-4.3.3-4] answer PUBREC with PUBREL
        if (link != null) {
            link.write(Packets.ack(MqttMessageType.PUBREL, id));
        }
    }

    void pubComp(int id, String reasonString) {
        Inflight i = inflight.remove(id);
        if (i == null) {
            return;
        }
        ids.release(id);
        callbacks.complete(i.future, new PublishResult(2, i.pubRecReason, reasonString));
        drain();
    }

    /** Fails every waiting and in-flight publish. */
    void failAll(MqttClientException error) {
        for (Map.Entry<Integer, Inflight> e : inflight.entrySet()) {
            ids.release(e.getKey());
            callbacks.fail(e.getValue().future, error);
        }
        inflight.clear();
        List<Waiting> all = new ArrayList<>(waiting);
        waiting.clear();
        all.forEach(w -> callbacks.fail(w.future, error));
    }

    private void drain() {
        while (link != null && !waiting.isEmpty()) {
            Waiting w = waiting.peek();
            String refusal = refusal(w.message);
            if (refusal != null) {
                waiting.poll();
                callbacks.fail(w.future, MqttClientException.of(MqttError.PUBLISH_FAILED, refusal));
                continue;
            }
            if (w.message.qos() == 0) {
                waiting.poll();
                link.write(Packets.publish(w.message, 0, w.message.dup(), config.protocolVersion()))
                        .addListener(f -> {
                            if (f.isSuccess()) {
                                callbacks.complete(w.future, new PublishResult(0, 0, null));
                            } else {
                                callbacks.fail(w.future, MqttClientException.of(MqttError.DISCONNECTED,
                                        "the connection closed before the message was written"));
                            }
                        });
                continue;
            }
            // [MQTT-4.9.0-2] no more unacknowledged QoS 1/2 publishes than the server's Receive Maximum
            if (inflight.size() >= Math.min(config.maxInflight(), limits.receiveMaximum())) {
                return;
            }
            int id = ids.acquire();
            if (id < 0) {
                return;
            }
            waiting.poll();
            inflight.put(id, new Inflight(w.message, w.future));
            link.write(Packets.publish(w.message, id, w.message.dup(), config.protocolVersion()));
        }
    }

    /** Why the server's CONNACK limits forbid this message, or null. */
    private String refusal(PublishMessage m) {
        if (m.qos() > limits.maximumQos()) {
            // [MQTT-3.2.2-11] no PUBLISH above the server's Maximum QoS
            return "the server accepts at most QoS " + limits.maximumQos();
        }
        if (m.retain() && !limits.retainAvailable()) {
            // [MQTT-3.2.2-14] no retained PUBLISH when the server has no retain
            return "the server does not accept retained messages";
        }
        long size = packetSize(m, config.protocolVersion());
        if (limits.maximumPacketSize() > 0 && size > limits.maximumPacketSize()) {
            // [MQTT-3.2.2-15] no packet above the server's Maximum Packet Size
            return "the message needs a packet of " + size + " bytes; the server accepts at most "
                    + limits.maximumPacketSize();
        }
        return null;
    }

    private static MqttClientException refused(String packet, int reason, String reasonString) {
        return new MqttClientException(MqttError.of(MqttError.PUBLISH_FAILED, String.format(
                "the server answered %s with reason 0x%02X%s", packet, reason,
                reasonString == null ? "" : " (" + reasonString + ")")), 0, reason, null);
    }

    /** The size of the PUBLISH packet that carries {@code m}, fixed header included. */
    static long packetSize(PublishMessage m, ProtocolVersion v) {
        long remaining = 2L + utf8(m.topic()) + (m.qos() > 0 ? 2 : 0) + m.payloadLength();
        if (v == ProtocolVersion.MQTT_5) {
            long props = 0;
            var p = m.properties();
            props += p.payloadFormatUtf8() == null ? 0 : 2;
            props += p.messageExpirySeconds() == null ? 0 : 5;
            props += p.contentType() == null ? 0 : 3 + utf8(p.contentType());
            props += p.responseTopic() == null ? 0 : 3 + utf8(p.responseTopic());
            props += p.correlationData() == null ? 0 : 3 + p.correlationData().length;
            for (var u : p.userProperties()) {
                props += 5 + utf8(u.name()) + utf8(u.value());
            }
            remaining += varIntSize(props) + props;
        }
        return 1 + varIntSize(remaining) + remaining;
    }

    private static int utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    private static int varIntSize(long n) {
        return n < 128 ? 1 : n < 16_384 ? 2 : n < 2_097_152 ? 3 : 4;
    }
}
