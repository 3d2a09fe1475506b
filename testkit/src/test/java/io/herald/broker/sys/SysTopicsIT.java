package io.herald.broker.sys;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.herald.broker.BrokerMetrics.DropReason;
import io.herald.broker.auth.Authorizer;
import io.herald.broker.auth.ClientIdentity;
import io.herald.broker.message.Message;
import io.herald.broker.store.memory.MemoryStore;
import io.herald.testkit.EmbeddedHerald;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The $SYS/broker/... status topics with a real client (Eclipse Paho v3) over a real socket: published
 * retained every interval, changed values only, to $SYS subscribers whose rights allow it, never to '#',
 * never writable by clients, and not at all with an interval of 0.
 */
@Timeout(30)
class SysTopicsIT {

    private static final Duration WAIT = Duration.ofSeconds(5);
    /** Clients whose user name is this may not subscribe to $SYS (the ACL decides, as any subscription). */
    private static final String NO_SYS_USER = "no-sys";

    @RegisterExtension
    final EmbeddedHerald herald = EmbeddedHerald.create(b -> b.sysInterval(Duration.ofSeconds(1)))
            .authorizer(new Authorizer() {
                @Override
                public boolean canPublish(ClientIdentity client, String topic) {
                    return true;
                }

                @Override
                public boolean canSubscribe(ClientIdentity client, String filter) {
                    return !(NO_SYS_USER.equals(client.username()) && filter.startsWith("$SYS"));
                }
            });

    private final List<MqttClient> clients = new ArrayList<>();

    /** One message as Paho's callback saw it. */
    record Received(String topic, String payload, boolean retained) {}

    @AfterEach
    void closeClients() throws MqttException {
        for (MqttClient c : clients) {
            if (c.isConnected()) {
                c.disconnectForcibly(0, 1000, false);
            }
            c.close(true);
        }
    }

    @Test
    void sysSubscriber_receivesRetainedStatus_thenSeesClientsConnectedChange() throws Exception {
        await().atMost(WAIT).until(() -> herald.broker().retainedMessage("$SYS/broker/clients/connected")
                .toCompletableFuture().join().isPresent());
        Latest latest = new Latest();
        connect(null, latest).subscribe("$SYS/#", 0);

        await().atMost(WAIT).untilAsserted(() -> assertThat(latest.retainedTopics).contains(
                "$SYS/broker/version", "$SYS/broker/uptime", "$SYS/broker/clients/connected",
                "$SYS/broker/clients/total", "$SYS/broker/messages/received", "$SYS/broker/messages/sent",
                "$SYS/broker/publish/messages/dropped", "$SYS/broker/subscriptions/count",
                "$SYS/broker/retained messages/count", "$SYS/broker/load/messages/received/1min",
                "$SYS/broker/load/connections/15min"));
        assertThat(latest.value("$SYS/broker/version")).startsWith("herald version ");
        assertThat(latest.value("$SYS/broker/uptime")).matches("\\d+ seconds");
        await().atMost(WAIT).until(() -> "1".equals(latest.value("$SYS/broker/clients/connected")));

        connect(null, null);
        connect(null, null);

        await().atMost(WAIT).until(() -> "3".equals(latest.value("$SYS/broker/clients/connected")));
        await().atMost(WAIT).until(() -> "3".equals(latest.value("$SYS/broker/clients/maximum")));
        await().atMost(WAIT).until(() -> "1".equals(latest.value("$SYS/broker/subscriptions/count")));
    }

    @Test
    void onlyChangedValues_arePublished_afterTheFirstUpdate() throws Exception {
        await().atMost(WAIT).until(() -> herald.broker().retainedMessage("$SYS/broker/version")
                .toCompletableFuture().join().isPresent());
        Latest latest = new Latest();
        connect(null, latest).subscribe("$SYS/#", 0);
        // the uptime changes every second: wait for two more updates, then look at what came with them
        await().atMost(WAIT).until(() -> latest.count("$SYS/broker/uptime") >= 3);

        assertThat(latest.count("$SYS/broker/version")).isEqualTo(1);
        assertThat(latest.count("$SYS/broker/clients/total")).isLessThanOrEqualTo(2);
    }

    @Test
    void wildcardSubscriptions_receiveNoSysTopics() throws Exception {
        Latest sys = new Latest();
        connect(null, sys).subscribe("$SYS/#", 0);
        BlockingQueue<Received> all = new LinkedBlockingQueue<>();
        MqttClient wildcard = connect(null, all::add);
        wildcard.subscribe(new String[] {"#", "+/broker/#"}, new int[] {0, 0});
        // [MQTT-4.7.2-1] wildcards at the first level never match topics starting with '$'
        await().atMost(WAIT).until(() -> sys.count("$SYS/broker/uptime") >= 2);
        wildcard.publish("plain/topic", "x".getBytes(UTF_8), 0, false);

        Received first = all.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(first).isEqualTo(new Received("plain/topic", "x", false));
        assertThat(all).isEmpty();
    }

    @Test
    void clients_mayNotPublishToSys_andTheDropIsCounted() throws Exception {
        Latest sys = new Latest();
        connect(null, sys).subscribe("$SYS/#", 0);
        MqttClient rogue = connect(null, null);
        rogue.publish("$SYS/broker/clients/connected", "999".getBytes(UTF_8), 1, true);
        rogue.publish("$SYS/broker/x", "forged".getBytes(UTF_8), 1, true);

        await().atMost(WAIT).until(() -> "2".equals(sys.value("$SYS/broker/publish/messages/dropped/reserved_topic")));
        assertThat(herald.broker().metrics().droppedCount(DropReason.RESERVED_TOPIC)).isEqualTo(2);
        assertThat(sys.all).noneMatch(r -> r.payload().equals("999") || r.payload().equals("forged"));
        assertThat(herald.broker().retainedMessage("$SYS/broker/x").toCompletableFuture().join()).isEmpty();
    }

    @Test
    void aclDenyingSys_refusesTheSubscription_andNothingArrives() throws Exception {
        BlockingQueue<Received> inbox = new LinkedBlockingQueue<>();
        MqttClient denied = connect(NO_SYS_USER, inbox::add);
        // Paho v3 reports a SUBACK failure (0x80) as an exception
        assertThatThrownBy(() -> denied.subscribe("$SYS/#", 0)).isInstanceOf(MqttException.class);
        denied.subscribe("own/topic", 0);
        Latest sys = new Latest();
        connect(null, sys).subscribe("$SYS/#", 0);
        await().atMost(WAIT).until(() -> sys.count("$SYS/broker/uptime") >= 2);

        assertThat(inbox).isEmpty();
    }

    /**
     * Stopping a broker ends its herald-sys thread; with an interval of 0 a broker starts none, publishes no
     * $SYS topic, and forgets those a previous run retained.
     */
    @Test
    void stop_endsTheSysThread_andIntervalZero_publishesNothing() throws Exception {
        assertThat(sysThreads()).isPositive();
        herald.stop();
        MemoryStore store = new MemoryStore();
        store.retained().put(new Message("$SYS/broker/uptime", "5 seconds".getBytes(UTF_8), 0, true, "", 0));
        EmbeddedHerald off = EmbeddedHerald.create(b -> b.sysInterval(Duration.ZERO)).store(() -> store);
        off.start();
        try {
            await().atMost(WAIT).until(() -> sysThreads() == 0);
            BlockingQueue<Received> inbox = new LinkedBlockingQueue<>();
            MqttClient sub = connect(off, null, inbox::add);
            sub.subscribe(new String[] {"$SYS/#", "probe"}, new int[] {0, 0});
            // nothing for three would-be intervals of 1 s; then a probe shows the subscriber was listening
            await().during(Duration.ofSeconds(3)).atMost(WAIT).until(inbox::isEmpty);
            sub.publish("probe", "end".getBytes(UTF_8), 0, false);

            assertThat(inbox.poll(WAIT.toSeconds(), TimeUnit.SECONDS))
                    .isEqualTo(new Received("probe", "end", false));
            assertThat(inbox).isEmpty();
            assertThat(off.broker().retained("$SYS/#", 100).toCompletableFuture().join()).isEmpty();
        } finally {
            closeClients();
            clients.clear();
            off.stop();
        }
    }

    private static long sysThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("herald-sys") && t.isAlive()).count();
    }

    private MqttClient connect(String username, Consumer<Received> inbox) throws MqttException {
        return connect(herald, username, inbox);
    }

    private MqttClient connect(EmbeddedHerald broker, String username, Consumer<Received> inbox)
            throws MqttException {
        MqttClient c = new MqttClient(broker.tcpUri(), "sys-" + UUID.randomUUID().toString().substring(0, 8),
                new MemoryPersistence());
        clients.add(c);
        if (inbox != null) {
            c.setCallback(new MqttCallback() {
                @Override
                public void connectionLost(Throwable cause) {}

                @Override
                public void messageArrived(String topic, MqttMessage message) {
                    inbox.accept(new Received(topic, new String(message.getPayload(), UTF_8), message.isRetained()));
                }

                @Override
                public void deliveryComplete(IMqttDeliveryToken token) {}
            });
        }
        MqttConnectOptions o = new MqttConnectOptions();
        o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        o.setCleanSession(true);
        if (username != null) {
            o.setUserName(username);
        }
        c.connect(o);
        return c;
    }

    /** What a $SYS subscriber has seen: every message, the latest value and the count per topic. */
    private static final class Latest implements Consumer<Received> {
        final List<Received> all = new CopyOnWriteArrayList<>();
        final List<String> retainedTopics = new CopyOnWriteArrayList<>();
        final Map<String, String> values = new ConcurrentHashMap<>();
        final Map<String, Integer> counts = new ConcurrentHashMap<>();

        @Override
        public void accept(Received r) {
            all.add(r);
            if (r.retained()) {
                retainedTopics.add(r.topic());
            }
            values.put(r.topic(), r.payload());
            counts.merge(r.topic(), 1, Integer::sum);
        }

        String value(String topic) {
            return values.get(topic);
        }

        int count(String topic) {
            return counts.getOrDefault(topic, 0);
        }
    }
}
