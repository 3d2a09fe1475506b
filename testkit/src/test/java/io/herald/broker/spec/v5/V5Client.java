package io.herald.broker.spec.v5;

import static io.herald.testkit.Mqtt5Packet.CONNACK;
import static io.herald.testkit.Mqtt5Packet.DISCONNECT;
import static io.herald.testkit.Mqtt5Packet.PINGRESP;
import static io.herald.testkit.Mqtt5Packet.PUBLISH;
import static io.herald.testkit.Mqtt5Packet.SUBACK;
import static org.assertj.core.api.Assertions.assertThat;

import io.herald.testkit.Mqtt5Packet;
import io.herald.testkit.Mqtt5Packets;
import io.herald.testkit.Mqtt5Properties;
import io.herald.testkit.RawMqttClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An MQTT 5 byte-level client for the conformance tests: {@link RawMqttClient} underneath, with each
 * packet the broker sends decoded into a {@link Mqtt5Packet}. Also names clients and topics uniquely so
 * the tests of a class can share one broker. Not thread-safe: one test thread drives one client.
 */
final class V5Client implements AutoCloseable {

    /** How long a broker may take to send a packet or to close a connection. */
    static final Duration WAIT = Duration.ofSeconds(5);
    /** How long to listen for a packet that must not come. */
    static final Duration QUIET = Duration.ofMillis(300);

    private static final AtomicInteger COUNTER = new AtomicInteger();

    private final RawMqttClient raw;
    private Mqtt5Packet connack;

    private V5Client(RawMqttClient raw) {
        this.raw = raw;
    }

    /** A client id unique within the run. */
    static String clientId(String role) {
        return "v5-" + role + "-" + COUNTER.incrementAndGet();
    }

    /** A topic no other test uses. */
    static String topic(String name) {
        return "v5/" + COUNTER.incrementAndGet() + "/" + name;
    }

    /** A TCP connection to the broker; nothing sent yet. */
    static V5Client open(int port) {
        return new V5Client(RawMqttClient.connect(port));
    }

    /** Connected with a clean start and no properties. */
    static V5Client connected(int port, String clientId) {
        return connected(port, Mqtt5Packets.connect(clientId));
    }

    /** Sends {@code connect} and asserts CONNACK 0x00 (Success); {@link #connack()} holds it. */
    static V5Client connected(int port, Mqtt5Packets.Connect connect) {
        V5Client c = open(port);
        try {
            return c.withConnack(c.send(connect.toBytes()).expect(CONNACK));
        } catch (RuntimeException | AssertionError e) {
            c.close();
            throw e;
        }
    }

    /** Connected and subscribed to {@code filter} with {@code options}, all granted. */
    static V5Client subscribed(int port, String filter, int options) {
        V5Client c = connected(port, clientId("sub"));
        c.subscribe(1, Mqtt5Properties.of(), filter, options);
        return c;
    }

    /** Asserts {@code ack} is CONNACK 0x00 (Success) and keeps it as {@link #connack()}. */
    V5Client withConnack(Mqtt5Packet ack) {
        assertThat(ack.reasonCode()).as("CONNACK reason code of %s", ack).isZero();
        connack = ack;
        return this;
    }

    /** The CONNACK that accepted this connection. */
    Mqtt5Packet connack() {
        return connack;
    }

    V5Client send(byte[]... packets) {
        raw.send(packets);
        return this;
    }

    /** The next packet from the broker, decoded. */
    Mqtt5Packet next() {
        return Mqtt5Packet.parse(raw.readPacket(WAIT));
    }

    /** The next packet, asserting it is of {@code type}. */
    Mqtt5Packet expect(int type) {
        Mqtt5Packet p = next();
        assertThat(Mqtt5Packet.name(p.type())).as("packet type of %s", p).isEqualTo(Mqtt5Packet.name(type));
        return p;
    }

    Mqtt5Packet expectPublish() {
        return expect(PUBLISH);
    }

    /** The next {@code n} packets, asserting each is a PUBLISH. */
    List<Mqtt5Packet> expectPublishes(int n) {
        List<Mqtt5Packet> list = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            list.add(expectPublish());
        }
        return list;
    }

    /** Subscribes and asserts SUBACK grants the requested QoS. */
    Mqtt5Packet subscribe(int packetId, Mqtt5Properties props, String filter, int options) {
        Mqtt5Packet ack = send(Mqtt5Packets.subscribe(packetId, props, filter, options)).expect(SUBACK);
        assertThat(ack.packetId()).isEqualTo(packetId);
        assertThat(ack.reasonCodes()).as("SUBACK of %s", filter).containsExactly(options & 0x03);
        return ack;
    }

    /** Asserts DISCONNECT with {@code reasonCode} comes next and the broker then closes the connection. */
    Mqtt5Packet expectDisconnect(int reasonCode) {
        Mqtt5Packet p = expect(DISCONNECT);
        assertThat(p.reasonCode()).as("DISCONNECT reason code of %s", p).isEqualTo(reasonCode);
        // [MQTT-3.14.2-2] the server never sends a Session Expiry Interval in DISCONNECT
        assertThat(p.properties().has(Mqtt5Properties.SESSION_EXPIRY_INTERVAL)).as("%s", p).isFalse();
        raw.expectClosed(WAIT);
        return p;
    }

    /** Every packet that arrives until none has for {@link #QUIET}. */
    List<Mqtt5Packet> drain() {
        return raw.drain(QUIET).stream().map(Mqtt5Packet::parse).toList();
    }

    /** Every packet until the broker closes the connection (or sends nothing for {@link #WAIT}). */
    List<Mqtt5Packet> readUntilClosed() {
        return raw.drain(WAIT).stream().map(Mqtt5Packet::parse).toList();
    }

    /** Whether the last read found the connection reset rather than closed in order. */
    boolean wasReset() {
        return raw.wasReset();
    }

    V5Client expectNothing(Duration period) {
        raw.expectNothing(period);
        return this;
    }

    void expectClosed() {
        raw.expectClosed(WAIT);
    }

    /** PINGREQ / PINGRESP: everything sent before has been handled when it returns. */
    V5Client roundTrip() {
        send(Mqtt5Packets.pingreq()).expect(PINGRESP);
        return this;
    }

    /** Sends DISCONNECT 0x00 and waits for the broker to close the connection [MQTT-3.14.4-1]. */
    void disconnect() {
        send(Mqtt5Packets.disconnect());
        raw.expectClosed(WAIT);
    }

    /** Drops the connection without DISCONNECT: to the broker, an abnormal end. */
    @Override
    public void close() {
        raw.close();
    }
}
