package io.herald.broker.interop;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient.Mqtt5Publishes;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.herald.testkit.EmbeddedHerald;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * MQTT 3 and MQTT 5 clients on one broker, one session model: Eclipse Paho v3 at protocol levels 3
 * and 4 and the HiveMQ client at level 5 publish to each other. A v3 client sees a v5 message as
 * topic and payload; v5 rules (message expiry, topic aliases) hold for v3 receivers too.
 */
@Timeout(30)
class Mqtt5MixedVersionIT {

    private static final long WAIT_SECONDS = 5;
    private static final AtomicInteger COUNTER = new AtomicInteger();

    @RegisterExtension
    static final EmbeddedHerald herald = EmbeddedHerald.create();

    private final List<MqttClient> v3Clients = new ArrayList<>();
    private final List<Mqtt5BlockingClient> v5Clients = new ArrayList<>();
    private final List<Mqtt5Publishes> inboxes = new ArrayList<>();

    /** One message as Paho v3's callback saw it. */
    record Received(String topic, String payload, int qos, boolean retained) {}

    @AfterEach
    void closeClients() throws MqttException {
        inboxes.forEach(Mqtt5Publishes::close);
        for (Mqtt5BlockingClient c : v5Clients) {
            if (c.getState().isConnected()) {
                c.disconnect();
            }
        }
        for (MqttClient c : v3Clients) {
            if (c.isConnected()) {
                c.disconnectForcibly(0, 1000, false);
            }
            c.close(true);
        }
    }

    @ParameterizedTest(name = "MQTT version {0}, QoS {1}")
    @CsvSource({"3, 1", "4, 0", "4, 1", "4, 2"})
    void v3Publisher_v5Subscriber_receivesTopicPayloadAndQos(int version, int qos) throws Exception {
        String t = topic("up");
        Mqtt5BlockingClient sub = v5(id("sub5"));
        Mqtt5Publishes inbox = inbox(sub);
        sub.subscribeWith().topicFilter(t).qos(MqttQos.EXACTLY_ONCE).send();
        v3(id("pub3"), version, true, null).publish(t, "from v3".getBytes(UTF_8), qos, false);

        Mqtt5Publish p = next(inbox);
        assertThat(p.getTopic().toString()).isEqualTo(t);
        assertThat(p.getPayloadAsBytes()).asString(UTF_8).isEqualTo("from v3");
        assertThat(p.getQos().getCode()).isEqualTo(qos);
        assertThat(p.getUserProperties().asList()).isEmpty();
        assertThat(p.getMessageExpiryInterval()).isEmpty();
    }

    @ParameterizedTest(name = "MQTT version {0}, QoS {1}")
    @CsvSource({"3, 1", "4, 0", "4, 1", "4, 2"})
    void v5PublisherWithProperties_v3Subscriber_receivesTopicPayloadAndQos(int version, int qos) throws Exception {
        String t = topic("down");
        BlockingQueue<Received> inbox = new LinkedBlockingQueue<>();
        v3(id("sub3"), version, true, inbox).subscribe(t, 2);
        v5(id("pub5")).publishWith().topic(t).qos(MqttQos.fromCode(qos)).payload("from v5".getBytes(UTF_8))
                .userProperties().add("k", "v").applyUserProperties()
                .messageExpiryInterval(60).contentType("text/plain").responseTopic(t + "/reply")
                .correlationData(new byte[] {1})
                .send();

        assertThat(next(inbox)).isEqualTo(new Received(t, "from v5", qos, false));
    }

    @Test
    void retainedAcrossVersions_deliveredWithRetainFlag() throws Exception {
        String fromV3 = topic("retained3");
        String fromV5 = topic("retained5");
        v3(id("pub3"), 4, true, null).publish(fromV3, "kept by v3".getBytes(UTF_8), 1, true);
        v5(id("pub5")).publishWith().topic(fromV5).qos(MqttQos.AT_LEAST_ONCE).retain(true)
                .payload("kept by v5".getBytes(UTF_8)).userProperties().add("k", "v").applyUserProperties().send();

        Mqtt5BlockingClient sub5 = v5(id("sub5"));
        Mqtt5Publishes inbox5 = inbox(sub5);
        sub5.subscribeWith().topicFilter(fromV3).qos(MqttQos.AT_LEAST_ONCE).send();
        Mqtt5Publish p = next(inbox5);
        assertThat(p.getPayloadAsBytes()).asString(UTF_8).isEqualTo("kept by v3");
        assertThat(p.isRetain()).isTrue();

        BlockingQueue<Received> inbox3 = new LinkedBlockingQueue<>();
        v3(id("sub3"), 4, true, inbox3).subscribe(fromV5, 1);
        assertThat(next(inbox3)).isEqualTo(new Received(fromV5, "kept by v5", 1, true));
    }

    @Test
    void v5MessageExpiry_appliesToOfflineV3Session() throws Exception {
        String t = topic("expiry");
        String id = id("sub3");
        MqttClient away = v3(id, 4, false, null);
        away.subscribe(t, 1);
        away.disconnect();
        Mqtt5BlockingClient pub = v5(id("pub5"));
        pub.publishWith().topic(t).qos(MqttQos.AT_LEAST_ONCE).messageExpiryInterval(1)
                .payload("stale".getBytes(UTF_8)).send();
        pub.publishWith().topic(t).qos(MqttQos.AT_LEAST_ONCE).payload("fresh".getBytes(UTF_8)).send();
        await().pollDelay(Duration.ofMillis(1_100)).atMost(Duration.ofSeconds(2)).until(() -> true);

        BlockingQueue<Received> inbox = new LinkedBlockingQueue<>();
        v3(id, 4, false, inbox);
        assertThat(next(inbox).payload()).isEqualTo("fresh");
        assertThat(inbox.poll(300, TimeUnit.MILLISECONDS)).isNull();
    }

    @Test
    void v5PublisherUsingTopicAliases_v3SubscriberGetsFullTopics() throws Exception {
        String t = topic("alias");
        BlockingQueue<Received> inbox = new LinkedBlockingQueue<>();
        v3(id("sub3"), 4, true, inbox).subscribe(t + "/#", 1);
        Mqtt5BlockingClient pub = client5(id("pub5"));
        pub.connectWith().restrictions().sendTopicAliasMaximum(2).applyRestrictions().send();
        for (int i = 0; i < 6; i++) {
            pub.publishWith().topic(t + "/" + (i % 2)).qos(MqttQos.AT_LEAST_ONCE).payload(("m" + i).getBytes(UTF_8))
                    .send();
        }

        for (int i = 0; i < 6; i++) {
            assertThat(next(inbox)).isEqualTo(new Received(t + "/" + (i % 2), "m" + i, 1, false));
        }
    }

    @Test
    void v3Will_deliveredToV5Subscriber() throws Exception {
        String will = topic("will");
        Mqtt5BlockingClient sub = v5(id("sub5"));
        Mqtt5Publishes inbox = inbox(sub);
        sub.subscribeWith().topicFilter(will).qos(MqttQos.AT_LEAST_ONCE).send();
        MqttConnectOptions options = v3Options(4, true);
        options.setWill(will, "v3 gone".getBytes(UTF_8), 1, false);
        MqttClient dying = v3Client(id("dying3"), null);
        dying.connect(options);
        dying.disconnectForcibly(0, 1000, false);

        assertThat(next(inbox).getPayloadAsBytes()).asString(UTF_8).isEqualTo("v3 gone");
    }

    @Test
    void sharedSubscriptionWithV3AndV5Members_eachMessageToOneMember() throws Exception {
        String t = topic("shared");
        BlockingQueue<Received> inbox3 = new LinkedBlockingQueue<>();
        v3(id("member3"), 4, true, inbox3).subscribe("$share/mixed/" + t, 1);
        Mqtt5BlockingClient member5 = v5(id("member5"));
        Mqtt5Publishes inbox5 = inbox(member5);
        member5.subscribeWith().topicFilter("$share/mixed/" + t).qos(MqttQos.AT_LEAST_ONCE).send();
        Mqtt5BlockingClient pub = v5(id("pub5"));
        for (int i = 0; i < 6; i++) {
            pub.publishWith().topic(t).qos(MqttQos.AT_LEAST_ONCE).payload(("job" + i).getBytes(UTF_8)).send();
        }

        List<String> got = new ArrayList<>();
        await().atMost(Duration.ofSeconds(WAIT_SECONDS)).until(() -> {
            List<Received> from3 = new ArrayList<>();
            inbox3.drainTo(from3);
            from3.forEach(r -> got.add(r.payload()));
            for (Optional<Mqtt5Publish> p = inbox5.receiveNow(); p.isPresent(); p = inbox5.receiveNow()) {
                got.add(new String(p.get().getPayloadAsBytes(), UTF_8));
            }
            return got.size() >= 6;
        });
        assertThat(inbox3.poll(200, TimeUnit.MILLISECONDS)).isNull();
        assertThat(inbox5.receiveNow()).isEmpty();
        assertThat(got).containsExactlyInAnyOrder("job0", "job1", "job2", "job3", "job4", "job5");
    }

    private MqttClient v3(String id, int version, boolean cleanSession, BlockingQueue<Received> inbox)
            throws MqttException {
        MqttClient c = v3Client(id, inbox);
        c.connect(v3Options(version, cleanSession));
        return c;
    }

    private MqttClient v3Client(String id, BlockingQueue<Received> inbox) throws MqttException {
        MqttClient c = new MqttClient(herald.tcpUri(), id, new MemoryPersistence());
        v3Clients.add(c);
        if (inbox != null) {
            c.setCallback(new MqttCallback() {
                @Override
                public void connectionLost(Throwable cause) {}

                @Override
                public void messageArrived(String topic, MqttMessage message) {
                    inbox.add(new Received(topic, new String(message.getPayload(), UTF_8), message.getQos(),
                            message.isRetained()));
                }

                @Override
                public void deliveryComplete(IMqttDeliveryToken token) {}
            });
        }
        return c;
    }

    private static MqttConnectOptions v3Options(int version, boolean cleanSession) {
        MqttConnectOptions o = new MqttConnectOptions();
        o.setMqttVersion(version);
        o.setCleanSession(cleanSession);
        o.setConnectionTimeout(5);
        return o;
    }

    private Mqtt5BlockingClient client5(String id) {
        Mqtt5BlockingClient c = Mqtt5Client.builder().identifier(id).serverHost(herald.host())
                .serverPort(herald.mqttPort()).buildBlocking();
        v5Clients.add(c);
        return c;
    }

    private Mqtt5BlockingClient v5(String id) {
        Mqtt5BlockingClient c = client5(id);
        c.connectWith().cleanStart(true).send();
        return c;
    }

    private Mqtt5Publishes inbox(Mqtt5BlockingClient c) {
        Mqtt5Publishes p = c.publishes(MqttGlobalPublishFilter.ALL);
        inboxes.add(p);
        return p;
    }

    private static Mqtt5Publish next(Mqtt5Publishes inbox) throws InterruptedException {
        Optional<Mqtt5Publish> p = inbox.receive(WAIT_SECONDS, TimeUnit.SECONDS);
        assertThat(p).as("a message within %s s", WAIT_SECONDS).isPresent();
        return p.orElseThrow();
    }

    private static Received next(BlockingQueue<Received> inbox) throws InterruptedException {
        Received r = inbox.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        assertThat(r).as("a message within %s s", WAIT_SECONDS).isNotNull();
        return r;
    }

    private static String id(String role) {
        return "mixed-" + role + "-" + COUNTER.incrementAndGet(); // at most 23 characters for MQTT 3.1
    }

    private static String topic(String name) {
        return "mixed/" + COUNTER.incrementAndGet() + "/" + name;
    }
}
