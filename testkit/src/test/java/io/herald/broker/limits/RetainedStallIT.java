package io.herald.broker.limits;

import static io.herald.testkit.MqttPackets.MQTT_3_1_1;
import static org.assertj.core.api.Assertions.assertThat;

import io.herald.broker.publish.PublishRequest;
import io.herald.testkit.EmbeddedHerald;
import io.herald.testkit.MqttPackets;
import io.herald.testkit.RawMqttClient;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A wildcard SUBSCRIBE over a large retained set does not stall the other clients of its event loop:
 * with {@value #RETAINED} retained topics and a broker of ONE event loop (so both clients share it),
 * client A subscribes {@code #} while client B measures PINGREQ → PINGRESP round trips for the whole of
 * A's replay. A receives every retained message with the retain flag [MQTT-3.3.1-6], [MQTT-3.3.1-8];
 * B's worst round trip stays under {@link #STALL_BOUND} (generous for a shared CI machine: a quiet one
 * measures a few milliseconds; a replay that holds the loop stalls B for all of it: over a second before
 * issue 15). The time this JVM spent in garbage collection during a round trip is taken out of it
 * (broker and test share the JVM, so a collection stops both, and it is not what this test is about).
 */
@Timeout(120)
class RetainedStallIT {

    private static final int RETAINED = 50_000;
    private static final Duration STALL_BOUND = Duration.ofMillis(500);

    @RegisterExtension
    static final EmbeddedHerald herald = EmbeddedHerald.create(b -> b.workerThreads(1));

    @BeforeAll
    static void retainFiftyThousand() {
        byte[] payload = "x".repeat(100).getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < RETAINED; i++) {
            herald.broker().publish(PublishRequest.builder(topic(i), payload).retain(true).build());
        }
    }

    /** Topics of five levels, as devices of sites name them. */
    private static String topic(int i) {
        return "site/" + i / 1_000 + "/device/" + i + "/state";
    }

    @Test
    void hashSubscribeOverFiftyThousandRetained_everyMessageArrives_otherClientOfTheLoopNotStalled() throws Exception {
        try (RawMqttClient a = RawMqttClient.connect(herald.mqttPort());
                RawMqttClient b = RawMqttClient.connect(herald.mqttPort())) {
            a.send(MqttPackets.connect(MQTT_3_1_1, "stall-a").toBytes()).expectPacket(MqttPackets.connack(false, 0));
            b.send(MqttPackets.connect(MQTT_3_1_1, "stall-b").toBytes()).expectPacket(MqttPackets.connack(false, 0));
            for (int i = 0; i < 200; i++) {
                roundTrip(b); // warm up the path B measures
            }
            warmUpReplay(); // measure the broker's steady state, not its JIT compiler
            long gcBefore = gcMillis();
            CompletableFuture<Set<String>> replay = CompletableFuture.supplyAsync(() -> receiveRetained(a));
            long[] rtt = new long[1 << 20];
            int n = 0;
            long worstRaw = 0;
            while (!replay.isDone() && n < rtt.length) {
                long gcStart = gcMillis();
                long t = roundTrip(b);
                worstRaw = Math.max(worstRaw, t);
                // a collection stops this JVM, test and broker alike: its pause is not the broker's stall
                rtt[n++] = Math.max(0, t - TimeUnit.MILLISECONDS.toNanos(gcMillis() - gcStart));
            }
            Set<String> topics = replay.get(60, TimeUnit.SECONDS);
            long gc = gcMillis() - gcBefore;

            long[] measured = Arrays.copyOf(rtt, n);
            Arrays.sort(measured);
            long worst = measured[n - 1];
            System.out.printf("RetainedStallIT: %d round trips of B during A's replay of %d, GC pauses taken out: "
                    + "median %.2f ms, p99 %.2f ms, worst %.2f ms (worst with GC pauses %.2f ms; %d ms in GC)%n", n,
                    RETAINED, measured[n / 2] / 1e6, measured[(int) (n * 0.99)] / 1e6, worst / 1e6, worstRaw / 1e6,
                    gc);
            assertThat(topics).hasSize(RETAINED);
            assertThat(n).as("round trips measured during the replay").isGreaterThan(10);
            assertThat(Duration.ofNanos(worst)).as("B's worst round trip").isLessThan(STALL_BOUND);
        }
    }

    /** Milliseconds this JVM (test and broker alike) spent collecting garbage so far. */
    private static long gcMillis() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(GarbageCollectorMXBean::getCollectionTime).sum();
    }

    /** One whole replay by another client first, so that its code is compiled when A's is measured. */
    private static void warmUpReplay() {
        try (RawMqttClient warm = RawMqttClient.connect(herald.mqttPort())) {
            warm.send(MqttPackets.connect(MQTT_3_1_1, "stall-warm-up").toBytes())
                    .expectPacket(MqttPackets.connack(false, 0));
            assertThat(receiveRetained(warm)).hasSize(RETAINED);
            warm.send(MqttPackets.disconnect());
        }
    }

    /** Nanoseconds from PINGREQ to PINGRESP [MQTT-3.12.4-1]. */
    private static long roundTrip(RawMqttClient b) {
        long start = System.nanoTime();
        b.send(MqttPackets.pingreq()).expectPacket(MqttPackets.pingresp());
        return System.nanoTime() - start;
    }

    /** Subscribes {@code #} and reads until every retained topic arrived; each must carry the retain flag. */
    private static Set<String> receiveRetained(RawMqttClient a) {
        a.send(MqttPackets.subscribe(1, "#", 0));
        Set<String> topics = new HashSet<>();
        while (topics.size() < RETAINED) {
            byte[] p = a.readPacket(Duration.ofSeconds(10));
            if ((p[0] & 0xF0) == 0x90) {
                continue; // SUBACK
            }
            assertThat(p[0] & 0xFF).as("PUBLISH QoS 0 with retain").isEqualTo(0x31);
            topics.add(MqttPackets.publishTopic(p));
        }
        return topics;
    }
}
