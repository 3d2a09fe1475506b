package io.herald.bench;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The publishing side of a {@link LoadClient}: sends numbered messages on its topic until the run's
 * end, either as fast as its window allows (QoS 1/2: {@code window} unacknowledged; QoS 0: bursts of
 * {@code window} while the socket is writable) or at a fixed rate. At a fixed rate every message
 * carries the time it was meant to be sent, so a broker that stalls the publisher shows in the
 * latency of every message it delayed (no coordinated omission).
 *
 * <p>Threads: owned by the connection's event loop; {@link #sent} and {@link #acked} are read by the
 * run's progress thread.
 */
final class Publishing {

    final AtomicLong sent = new AtomicLong();
    final AtomicLong sentMeasured = new AtomicLong();
    final AtomicLong acked = new AtomicLong();
    private final int publisher;
    private final String topic;
    private final BenchOptions options;
    private long measureFromNanos;
    private final boolean[] inUse = new boolean[65_536];
    private Channel channel;
    private long stopAtNanos;
    private long startNanos;
    private long intervalNanos;
    private long nextSeq;
    private int nextPacketId;
    private int outstanding;
    private ScheduledFuture<?> ticker;

    Publishing(int publisher, String topic, BenchOptions options) {
        this.publisher = publisher;
        this.topic = topic;
        this.options = options;
    }

    /**
     * Starts publishing on {@code ch} at {@code startNanos} until {@code stopAtNanos}; messages meant to
     * be sent from {@code measureFromNanos} on are measured. Any thread.
     */
    void start(Channel ch, long startNanos, long measureFromNanos, long stopAtNanos, int publishers) {
        ch.eventLoop().execute(() -> {
            this.channel = ch;
            this.startNanos = startNanos;
            this.measureFromNanos = measureFromNanos;
            this.stopAtNanos = stopAtNanos;
            if (options.rate() > 0) {
                intervalNanos = Math.max(1, 1_000_000_000L * publishers / options.rate());
                ticker = ch.eventLoop().scheduleAtFixedRate(this::tick, 0, 1, TimeUnit.MILLISECONDS);
            } else {
                fill();
            }
        });
    }

    /** Messages whose sequence numbers this publisher used: 0 until this, exclusive. Any thread. */
    long sequences() {
        return sent.get();
    }

    void acknowledged(int packetId) {
        if (packetId > 0 && inUse[packetId]) {
            inUse[packetId] = false;
            outstanding--;
            acked.incrementAndGet();
            if (intervalNanos == 0) {
                fill();
            }
        }
    }

    void received(ChannelHandlerContext ctx, int packetId) {
        ctx.write(Acks.of(MqttMessageType.PUBREL, packetId));
    }

    void writable() {
        if (intervalNanos == 0 && options.qos() == 0) {
            fill();
        }
    }

    /** As fast as possible: up to the window of QoS 1/2 messages, or a burst of QoS 0 ones. */
    private void fill() {
        long now = System.nanoTime();
        int burst = 0;
        while (now < stopAtNanos && channel.isActive() && burst < options.window()
                && (options.qos() == 0 ? channel.isWritable() : outstanding < options.window())) {
            send(now);
            burst++;
        }
        channel.flush();
        if (options.qos() == 0 && now < stopAtNanos && channel.isWritable() && channel.isActive()) {
            channel.eventLoop().execute(this::fill);
        }
    }

    /** Fixed rate: sends every message due by now, each stamped with the time it was due. */
    private void tick() {
        long now = System.nanoTime();
        long due = Math.min(now, stopAtNanos);
        while (startNanos + nextSeq * intervalNanos <= due && channel.isActive()
                && (options.qos() == 0 || outstanding < options.window())) {
            send(startNanos + nextSeq * intervalNanos);
        }
        channel.flush();
        if (now >= stopAtNanos) {
            ticker.cancel(false);
        }
    }

    private void send(long intendedNanos) {
        int packetId = 0;
        if (options.qos() > 0) {
            do {
                nextPacketId = nextPacketId == 65_535 ? 1 : nextPacketId + 1;
            } while (inUse[nextPacketId]);
            packetId = nextPacketId;
            inUse[packetId] = true;
            outstanding++;
        }
        MqttPublishMessage m = new MqttPublishMessage(
                new MqttFixedHeader(MqttMessageType.PUBLISH, false, MqttQoS.valueOf(options.qos()), false, 0),
                new MqttPublishVariableHeader(topic, packetId, MqttProperties.NO_PROPERTIES),
                Payload.encode(channel.alloc(), options.payloadSize(), publisher, nextSeq, intendedNanos));
        nextSeq++;
        channel.write(m);
        sent.incrementAndGet();
        if (intendedNanos >= measureFromNanos) {
            sentMeasured.incrementAndGet();
        }
    }
}
