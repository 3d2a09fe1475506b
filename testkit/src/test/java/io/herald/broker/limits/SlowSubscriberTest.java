package io.herald.broker.limits;

import static io.herald.broker.spec.SpecClients.subscribed;
import static io.herald.broker.spec.SpecClients.topic;
import static io.herald.testkit.MqttPackets.MQTT_3_1_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.broker.BrokerMetrics.DropReason;
import io.herald.broker.listener.LogCapture;
import io.herald.broker.publish.PublishRequest;
import io.herald.testkit.EmbeddedHerald;
import io.herald.testkit.RawMqttClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Live QoS 0 traffic for a subscriber that does not read as fast as it comes may be dropped (unlike
 * retained messages on SUBSCRIBE, see RetainedFloodIT), but never silently: each drop is counted under
 * {@code herald.messages.dropped{reason=not_writable}} and the log says so at info at most once a
 * minute per client, not once per message.
 */
@Timeout(60)
class SlowSubscriberTest {

    private static final int MESSAGES = 5_000;
    private static final byte[] PAYLOAD = new byte[8 * 1024]; // 40 MB in all: more than the sockets buffer

    @RegisterExtension
    final LogCapture log = new LogCapture("io.herald.broker.session");

    @RegisterExtension
    static final EmbeddedHerald herald = EmbeddedHerald.create();

    @Test
    void qos0ForASubscriberThatDoesNotRead_droppedCountedAndLoggedOnce() {
        String t = topic("slow");
        long before = herald.broker().metrics().droppedCount(DropReason.NOT_WRITABLE);
        try (RawMqttClient sub = subscribed(herald.mqttPort(), MQTT_3_1_1, t, 0)) {
            for (int i = 0; i < MESSAGES; i++) {
                herald.broker().publish(PublishRequest.builder(t, PAYLOAD).build());
            }
            await().atMost(Duration.ofSeconds(20)).until(
                    () -> herald.broker().metrics().droppedCount(DropReason.NOT_WRITABLE) > before);
            long dropped = herald.broker().metrics().droppedCount(DropReason.NOT_WRITABLE) - before;
            assertThat(dropped).isBetween(1L, (long) MESSAGES);
            assertThat(log.lines().stream().filter(l -> l.contains("dropping QoS 0 messages")))
                    .as("log lines for %d dropped messages", dropped)
                    .hasSize(1)
                    .allMatch(l -> l.startsWith("INFO"));
        }
    }
}
