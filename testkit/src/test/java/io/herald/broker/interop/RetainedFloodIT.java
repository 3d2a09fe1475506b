package io.herald.broker.interop;

import static io.herald.testkit.MqttPackets.MQTT_3_1_1;
import static org.assertj.core.api.Assertions.assertThat;

import io.herald.broker.publish.PublishRequest;
import io.herald.testkit.EmbeddedHerald;
import io.herald.testkit.MqttPackets;
import io.herald.testkit.RawMqttClient;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Retained messages are never dropped for a busy subscriber: {@value #RETAINED} retained QoS 0 messages
 * under {@code a/}, and a subscriber to {@code a/#} receives every one of them, paced by its connection
 * rather than dropped when the broker's outbound buffer is full [MQTT-3.3.1-6].
 */
@Timeout(120)
class RetainedFloodIT {

    private static final int RETAINED = 50_000;

    @RegisterExtension
    static final EmbeddedHerald herald = EmbeddedHerald.create();

    @BeforeAll
    static void retainFifty() {
        byte[] payload = "x".repeat(1_000).getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < RETAINED; i++) {
            herald.broker().publish(PublishRequest.builder("a/" + i, payload).retain(true).build());
        }
    }

    @Test
    void mosquittoSub_receivesEveryRetainedMessage() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/mosquitto_sub")),
                "mosquitto_sub is missing: apt-get install -y mosquitto-clients");
        Process sub = new ProcessBuilder("mosquitto_sub", "-h", "127.0.0.1", "-p", String.valueOf(herald.mqttPort()),
                "-t", "a/#", "-v", "-C", String.valueOf(RETAINED), "-W", "60").redirectErrorStream(true).start();
        Set<String> topics = new HashSet<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(sub.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                topics.add(line.substring(0, line.indexOf(' ')));
                if (topics.size() == 1) {
                    // a slow reader: mosquitto_sub blocks on its full pipe and stops reading its socket
                    Thread.sleep(2_000);
                }
            }
        }
        assertThat(sub.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(topics).hasSize(RETAINED);
        assertThat(sub.exitValue()).as("mosquitto_sub exit code (27: timed out)").isZero();
    }

    @Test
    void rawClient_receivesEveryRetainedMessage_withTheRetainFlag() {
        try (RawMqttClient c = RawMqttClient.connect(herald.mqttPort())) {
            c.send(MqttPackets.connect(MQTT_3_1_1, "flood-raw").toBytes()).expectPacket(MqttPackets.connack(false, 0));
            c.send(MqttPackets.subscribe(1, "a/#", 0));
            Set<String> topics = new HashSet<>();
            boolean subAck = false;
            while (topics.size() < RETAINED) {
                byte[] p = c.readPacket(Duration.ofSeconds(10));
                if ((p[0] & 0xF0) == 0x90) {
                    subAck = true;
                    pause(); // a slow reader: the broker's outbound buffer fills while it does not read
                    continue;
                }
                assertThat(p[0] & 0xFF).as("PUBLISH QoS 0 with retain").isEqualTo(0x31);
                topics.add(MqttPackets.publishTopic(p));
            }
            assertThat(subAck).isTrue();
            assertThat(topics).hasSize(RETAINED);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
