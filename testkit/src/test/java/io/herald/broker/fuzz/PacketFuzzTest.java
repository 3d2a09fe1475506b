package io.herald.broker.fuzz;

import static io.herald.testkit.MqttPackets.concat;
import static io.herald.testkit.MqttPackets.connack;
import static io.herald.testkit.MqttPackets.connect;
import static io.herald.testkit.MqttPackets.disconnect;
import static io.herald.testkit.MqttPackets.pingreq;
import static io.herald.testkit.MqttPackets.pingresp;
import static io.herald.testkit.MqttPackets.puback;
import static io.herald.testkit.MqttPackets.pubcomp;
import static io.herald.testkit.MqttPackets.publish;
import static io.herald.testkit.MqttPackets.pubrec;
import static io.herald.testkit.MqttPackets.pubrel;
import static io.herald.testkit.MqttPackets.subscribe;
import static io.herald.testkit.MqttPackets.toHex;
import static io.herald.testkit.MqttPackets.unsubscribe;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.testkit.EmbeddedHerald;
import io.herald.testkit.RawMqttClient;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Throws random and mutated packet sequences at a live broker: each connection gets only valid
 * server packets and then a close, the broker keeps serving new clients, and no connection is left
 * behind. Every try half-closes its connection after sending, so the broker sees end of stream even
 * when the bytes leave it waiting for the rest of a packet; socket timeouts bound every wait.
 */
class PacketFuzzTest {

    private static final Duration CLOSE = Duration.ofSeconds(3);
    private static final List<String> TOPICS = List.of("fuzz/a", "fuzz/b/c", "fuzz/+", "fuzz/#", "#", "$SYS/x", "");

    private static EmbeddedHerald herald;

    @BeforeContainer
    static void start() {
        herald = EmbeddedHerald.create(c -> c.connectTimeout(Duration.ofSeconds(1)).maxPacketSize(4096));
        herald.start();
    }

    @AfterContainer
    static void stop() {
        herald.stop();
    }

    @Property(tries = 200)
    void anyBytes_answeredWithValidPacketsThenClosed_brokerKeepsServing(@ForAll("wire") byte[] wire) {
        List<byte[]> replies;
        try (RawMqttClient c = RawMqttClient.connect(herald.mqttPort())) {
            try {
                c.send(wire);
                c.shutdownOutput();
            } catch (UncheckedIOException e) {
                // the broker closed while the bytes were on their way: what it sent is still read below
            }
            replies = c.drain(CLOSE);
            assertThat(c.isClosed()).as("closed after [%s]", toHex(wire)).isTrue();
        }
        assertThat(ServerPackets.problem(replies)).as("replies to [%s]", toHex(wire)).isNull();
        await("no connection left open").atMost(CLOSE).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(5))
                .until(() -> herald.broker().metrics().openConnections() == 0);
        try (RawMqttClient fresh = RawMqttClient.connect(herald.mqttPort())) {
            fresh.send(connect(4, "fresh").toBytes(), pingreq())
                    .expectPacket(connack(false, 0))
                    .expectPacket(pingresp())
                    .send(disconnect());
        }
    }

    @Provide
    Arbitrary<byte[]> wire() {
        return Arbitraries.frequencyOf(
                Tuple.of(2, validSequence()),
                Tuple.of(5, validSequence().flatMap(PacketFuzzTest::mutated)),
                Tuple.of(1, Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(64)));
    }

    /** CONNECT for level 3 or 4, then up to six packets a client may send. */
    private static Arbitrary<byte[]> validSequence() {
        Arbitrary<byte[]> first = Combinators.combine(
                        Arbitraries.of(3, 4), Arbitraries.integers().between(0, 9), Arbitraries.of(true, false))
                .as((level, n, will) -> {
                    var c = connect(level, "fuzz-" + n).keepAlive(5);
                    return (will ? c.will("fuzz/will", "w", 1, false) : c).toBytes();
                });
        return Combinators.combine(first, packet().list().ofMaxSize(6))
                .as((connect, rest) -> concat(connect, concat(rest.toArray(byte[][]::new))));
    }

    private static Arbitrary<byte[]> packet() {
        Arbitrary<Integer> id = Arbitraries.integers().between(1, 65_535);
        Arbitrary<Integer> qos = Arbitraries.integers().between(0, 2);
        Arbitrary<String> topic = Arbitraries.of(TOPICS);
        return Arbitraries.oneOf(
                Combinators.combine(topic, qos, id, Arbitraries.of(true, false))
                        .as((t, q, i, retain) -> publish(t, "p").qos(q, i).retain(retain).toBytes()),
                Combinators.combine(id, topic, qos).as((i, t, q) -> subscribe(i, t, q)),
                Combinators.combine(id, topic).as((i, t) -> unsubscribe(i, t)),
                id.map(i -> puback(i)), id.map(i -> pubrec(i)), id.map(i -> pubrel(i)), id.map(i -> pubcomp(i)),
                Arbitraries.just(pingreq()), Arbitraries.just(disconnect()));
    }

    /** A valid sequence with one flipped byte, cut short, a huge remaining length, or garbage after it. */
    private static Arbitrary<byte[]> mutated(byte[] valid) {
        Arbitrary<Integer> at = Arbitraries.integers().between(0, valid.length - 1);
        return Arbitraries.oneOf(
                Combinators.combine(at, Arbitraries.bytes()).as((i, b) -> {
                    byte[] copy = valid.clone();
                    copy[i] = b;
                    return copy;
                }),
                at.filter(i -> i > 0).map(i -> Arrays.copyOf(valid, i)),
                at.map(i -> concat(Arrays.copyOf(valid, i), new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x7F},
                        Arrays.copyOfRange(valid, i, valid.length))),
                Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(32).map(g -> concat(valid, g)));
    }
}
