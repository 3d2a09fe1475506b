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
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Throws random and mutated packet sequences at a live broker: each connection gets only valid
 * server packets and then a close, the broker keeps serving new clients, and no connection is left
 * behind. Every try half-closes its connection after sending, so the broker sees end of stream even
 * when the bytes leave it waiting for the rest of a packet; socket timeouts bound every wait.
 *
 * <p>The inputs come from a seeded generator: each run uses a new seed, printed in the test names;
 * {@code -Dherald.fuzz.seed=N} replays a run and {@code -Dherald.fuzz.tries=N} changes its length.
 * (A plain JUnit generator rather than jqwik: jqwik's author asks that AI agents not use it.)
 */
@Timeout(120)
class PacketFuzzTest {

    private static final Duration CLOSE = Duration.ofSeconds(3);
    private static final List<String> TOPICS = List.of("fuzz/a", "fuzz/b/c", "fuzz/+", "fuzz/#", "#", "$SYS/x", "");
    private static final long SEED = Long.getLong("herald.fuzz.seed", System.nanoTime());
    private static final int TRIES = Integer.getInteger("herald.fuzz.tries", 200);

    @RegisterExtension
    static final EmbeddedHerald herald =
            EmbeddedHerald.create(c -> c.connectTimeout(Duration.ofSeconds(1)).maxPacketSize(4096));

    static Stream<Arguments> wires() {
        Random random = new Random(SEED);
        return IntStream.range(0, TRIES).mapToObj(i -> Arguments.of(i, wire(random), SEED));
    }

    @ParameterizedTest(name = "seed {2}, try {0}")
    @MethodSource("wires")
    void anyBytes_answeredWithValidPacketsThenClosed_brokerKeepsServing(int attempt, byte[] wire, long seed) {
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

    private static byte[] wire(Random random) {
        int kind = random.nextInt(8);
        if (kind < 2) {
            return validSequence(random);
        }
        if (kind < 7) {
            return mutated(random, validSequence(random));
        }
        return bytes(random, 1 + random.nextInt(64));
    }

    /** CONNECT for level 3 or 4, then up to six packets a client may send. */
    private static byte[] validSequence(Random random) {
        var c = connect(3 + random.nextInt(2), "fuzz-" + random.nextInt(10)).keepAlive(5);
        byte[] first = (random.nextBoolean() ? c.will("fuzz/will", "w", 1, false) : c).toBytes();
        byte[][] rest = new byte[random.nextInt(7)][];
        for (int i = 0; i < rest.length; i++) {
            rest[i] = packet(random);
        }
        return concat(first, concat(rest));
    }

    private static byte[] packet(Random random) {
        int id = 1 + random.nextInt(65_535);
        int qos = random.nextInt(3);
        String topic = TOPICS.get(random.nextInt(TOPICS.size()));
        return switch (random.nextInt(9)) {
            case 0 -> publish(topic, "p").qos(qos, id).retain(random.nextBoolean()).toBytes();
            case 1 -> subscribe(id, topic, qos);
            case 2 -> unsubscribe(id, topic);
            case 3 -> puback(id);
            case 4 -> pubrec(id);
            case 5 -> pubrel(id);
            case 6 -> pubcomp(id);
            case 7 -> pingreq();
            default -> disconnect();
        };
    }

    /** A valid sequence with one flipped byte, cut short, a huge remaining length, or garbage after it. */
    private static byte[] mutated(Random random, byte[] valid) {
        int at = random.nextInt(valid.length);
        return switch (random.nextInt(4)) {
            case 0 -> {
                byte[] copy = valid.clone();
                copy[at] = (byte) random.nextInt(256);
                yield copy;
            }
            case 1 -> Arrays.copyOf(valid, Math.max(1, at));
            case 2 -> concat(Arrays.copyOf(valid, at), new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x7F},
                    Arrays.copyOfRange(valid, at, valid.length));
            default -> concat(valid, bytes(random, 1 + random.nextInt(32)));
        };
    }

    private static byte[] bytes(Random random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }
}
