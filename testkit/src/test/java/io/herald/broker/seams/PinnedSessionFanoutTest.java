package io.herald.broker.seams;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.broker.DisconnectReason;
import io.herald.broker.SessionInfo;
import io.herald.broker.publish.DeliveryTracker;
import io.herald.broker.publish.FanoutOutcome;
import io.herald.broker.publish.FanoutRequest;
import io.herald.testkit.EmbeddedHerald;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The push seams: pinned sessions (exist before their client connects, survive clean-session CONNECTs,
 * queue at QoS 1 while offline, end on unpin), one fan-out to many topics, and delivery tracking.
 */
@Timeout(30)
class PinnedSessionFanoutTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @RegisterExtension
    static final EmbeddedHerald herald = EmbeddedHerald.create();

    @Test
    void pinnedSession_queuesBeforeFirstConnect_andDeliversToACleanSessionClient() throws Exception {
        herald.broker().pinSession("pin-a", "pin-a", 1).toCompletableFuture().get(5, TimeUnit.SECONDS);
        Counts counts = new Counts();
        herald.broker().track("t-a", counts);

        FanoutOutcome outcome = herald.broker().fanout(request(List.of("pin-a"), "queued early", "t-a", null));
        outcome.durable().toCompletableFuture().get(5, TimeUnit.SECONDS);

        assertThat(outcome.matched()).isEqualTo(1);
        assertThat(counts.queued).hasValue(1);
        Received r = connect("pin-a", true);
        assertThat(r.messages.poll(10, TimeUnit.SECONDS)).isEqualTo("pin-a queued early");
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(counts.sent).hasValue(1);
            assertThat(counts.acknowledged).hasValue(1);
        });
        r.client.disconnect();
        r.client.close();
    }

    @Test
    void pinnedSession_subscribedAtQos0WhileOnline_stillQueuesWhileOffline() throws Exception {
        herald.broker().pinSession("pin-b", "pin-b", 1).toCompletableFuture().get(5, TimeUnit.SECONDS);
        Received r = connect("pin-b", true);
        r.client.subscribe("pin-b", 0);
        r.client.disconnect();
        r.client.close();
        await().atMost(WAIT).until(() -> !herald.broker().session("pin-b").toCompletableFuture().join()
                .orElseThrow().connected());

        herald.broker().fanout(request(List.of("pin-b"), "while away", null, null)).durable()
                .toCompletableFuture().get(5, TimeUnit.SECONDS);

        Received again = connect("pin-b", true);
        assertThat(again.messages.poll(10, TimeUnit.SECONDS)).isEqualTo("pin-b while away");
        again.client.disconnect();
        again.client.close();
    }

    @Test
    void fanout_reachesEveryTopicOnce_withOnePayload() throws Exception {
        List<String> ids = List.of("fan-1", "fan-2", "fan-3");
        List<Received> clients = new CopyOnWriteArrayList<>();
        for (String id : ids) {
            herald.broker().pinSession(id, id, 1).toCompletableFuture().get(5, TimeUnit.SECONDS);
            clients.add(connect(id, false));
        }
        Counts counts = new Counts();
        herald.broker().track("t-fan", counts);

        FanoutOutcome outcome = herald.broker().fanout(request(ids, "to all", "t-fan", 600L));

        assertThat(outcome.matched()).isEqualTo(3);
        for (int i = 0; i < ids.size(); i++) {
            assertThat(clients.get(i).messages.poll(10, TimeUnit.SECONDS)).isEqualTo(ids.get(i) + " to all");
        }
        await().atMost(WAIT).untilAsserted(() -> assertThat(counts.acknowledged).hasValue(3));
        herald.broker().stopTracking("t-fan");
        for (Received c : clients) {
            c.client.disconnect();
            c.client.close();
        }
    }

    @Test
    void unpin_closesTheConnection_andDiscardsTheQueue() throws Exception {
        herald.broker().pinSession("pin-c", "pin-c", 1).toCompletableFuture().get(5, TimeUnit.SECONDS);
        Received r = connect("pin-c", false);

        boolean closed = herald.broker().unpinSession("pin-c", "uninstalled").toCompletableFuture().get(5, TimeUnit.SECONDS);

        assertThat(closed).isTrue();
        await().atMost(Duration.ofSeconds(1)).until(() -> !r.client.isConnected());
        FanoutOutcome after = herald.broker().fanout(request(List.of("pin-c"), "too late", null, null));
        assertThat(after.matched()).isZero();
        r.client.close();
    }

    @Test
    void discardingAPinnedSession_emptiesItsQueue_butItKeepsQueueing() throws Exception {
        herald.broker().pinSession("pin-d", "pin-d", 1).toCompletableFuture().get(5, TimeUnit.SECONDS);
        Received r = connect("pin-d", true);
        r.client.disconnect();
        r.client.close();
        herald.broker().fanout(request(List.of("pin-d"), "discarded", null, null)).durable()
                .toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(herald.broker().session("pin-d").toCompletableFuture().join().orElseThrow().queued()).isEqualTo(1);

        herald.broker().disconnect(id -> id.clientId().equals("pin-d"), DisconnectReason.ADMINISTRATIVE, true)
                .toCompletableFuture().get(5, TimeUnit.SECONDS);

        SessionInfo fresh = herald.broker().session("pin-d").toCompletableFuture().join().orElseThrow();
        assertThat(fresh.queued()).isZero();
        assertThat(fresh.subscriptions()).containsExactly("pin-d");
        FanoutOutcome after = herald.broker().fanout(request(List.of("pin-d"), "kept", null, null));
        after.durable().toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(after.matched()).isEqualTo(1);
        Received again = connect("pin-d", true);
        assertThat(again.messages.poll(10, TimeUnit.SECONDS)).isEqualTo("pin-d kept");
        assertThat(again.messages.poll(300, TimeUnit.MILLISECONDS)).as("the discarded message is gone").isNull();
        again.client.disconnect();
        again.client.close();
    }

    @Test
    void expiredMessage_isNotDelivered_andReportedDropped() throws Exception {
        herald.broker().pinSession("pin-d", "pin-d", 1).toCompletableFuture().get(5, TimeUnit.SECONDS);
        Counts counts = new Counts();
        herald.broker().track("t-d", counts);

        herald.broker().fanout(request(List.of("pin-d"), "expires at once", "t-d", 0L)).durable()
                .toCompletableFuture().get(5, TimeUnit.SECONDS);

        assertThat(counts.expired).hasValue(1);
        assertThat(counts.queued).hasValue(0);
    }

    private static FanoutRequest request(List<String> topics, String text, String trackingId, Long expiry) {
        return new FanoutRequest(topics, text.getBytes(UTF_8), 1, expiry, "application/json", true, trackingId);
    }

    private record Received(MqttClient client, BlockingQueue<String> messages) {}

    private static Received connect(String clientId, boolean clean) throws Exception {
        BlockingQueue<String> messages = new LinkedBlockingQueue<>();
        MqttClient client = new MqttClient(herald.tcpUri(), clientId, new MemoryPersistence());
        client.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {}

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                messages.add(topic + " " + new String(message.getPayload(), UTF_8));
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {}
        });
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(clean);
        client.connect(options);
        return new Received(client, messages);
    }

    /** Counts the reports of one tracked message. */
    private static final class Counts implements DeliveryTracker {
        final AtomicInteger queued = new AtomicInteger();
        final AtomicInteger sent = new AtomicInteger();
        final AtomicInteger acknowledged = new AtomicInteger();
        final AtomicInteger expired = new AtomicInteger();

        @Override
        public void queued(String clientId) {
            queued.incrementAndGet();
        }

        @Override
        public void sent(String clientId) {
            sent.incrementAndGet();
        }

        @Override
        public void acknowledged(String clientId) {
            acknowledged.incrementAndGet();
        }

        @Override
        public void dropped(String clientId, Drop reason) {
            if (reason == Drop.EXPIRED) {
                expired.incrementAndGet();
            }
        }
    }
}
