package io.herald.broker.spec;

import static io.herald.testkit.MqttPackets.connack;
import static io.herald.testkit.MqttPackets.connect;
import static io.herald.testkit.MqttPackets.pingreq;
import static io.herald.testkit.MqttPackets.pingresp;
import static io.herald.testkit.MqttPackets.suback;
import static io.herald.testkit.MqttPackets.subscribe;

import io.herald.testkit.MqttPackets;
import io.herald.testkit.RawMqttClient;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/** Shared steps and names for the conformance tests. Thread-safe. */
public final class SpecClients {

    /** How long a broker may take to close a connection after a violation. */
    public static final Duration CLOSE = Duration.ofSeconds(3);
    /** How long to listen for a packet that must not come. */
    public static final Duration QUIET = Duration.ofMillis(300);

    private static final AtomicInteger COUNTER = new AtomicInteger();

    private SpecClients() {}

    /** A client id unique within the run and short enough for MQTT 3.1 (at most 23 characters). */
    public static String clientId(String role) {
        return role + "-" + COUNTER.incrementAndGet();
    }

    /** A topic prefix no other test uses, so tests can share one broker. */
    public static String topic(String name) {
        return "spec/" + COUNTER.incrementAndGet() + "/" + name;
    }

    /** Connected with a clean session: CONNECT sent and CONNACK 0x00 received. */
    public static RawMqttClient connected(int port, int level, String clientId) {
        return connected(port, connect(level, clientId), false);
    }

    /** Connected with {@code connect}; asserts CONNACK accepted with the given session present flag. */
    public static RawMqttClient connected(int port, MqttPackets.Connect connect, boolean sessionPresent) {
        RawMqttClient client = RawMqttClient.connect(port);
        try {
            return client.send(connect.toBytes()).expectPacket(connack(sessionPresent, 0));
        } catch (RuntimeException | AssertionError e) {
            client.close();
            throw e;
        }
    }

    /** Connected with a clean session and subscribed to {@code filter} at {@code qos} (granted in full). */
    public static RawMqttClient subscribed(int port, int level, String filter, int qos) {
        RawMqttClient client = connected(port, level, clientId("sub"));
        return client.send(subscribe(1, filter, qos)).expectPacket(suback(1, qos));
    }

    /**
     * A PINGREQ / PINGRESP round trip: the broker handles a connection's packets in order, so
     * everything {@code client} sent before has been processed when it returns.
     */
    public static RawMqttClient roundTrip(RawMqttClient client) {
        return client.send(pingreq()).expectPacket(pingresp());
    }
}
