package io.herald.broker.interop;

import static io.herald.broker.spec.SpecClients.clientId;
import static io.herald.broker.spec.SpecClients.topic;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.broker.spec.BrokerUnderTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
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

/** Eclipse Paho Java v3 (1.2.5) against the broker: MQTT 3.1 and 3.1.1, every QoS, retained, will, sessions. */
@Timeout(30)
class PahoInteropIT {

    @RegisterExtension
    static final BrokerUnderTest broker = BrokerUnderTest.create();

    private static final Duration WAIT = Duration.ofSeconds(5);

    private final List<MqttClient> clients = new ArrayList<>();

    /** One message as Paho's callback saw it. */
    record Received(String topic, String payload, int qos, boolean retained) {}

    @AfterEach
    void closeClients() throws MqttException {
        for (MqttClient c : clients) {
            if (c.isConnected()) {
                c.disconnectForcibly(0, 1000, false);
            }
            c.close(true);
        }
    }

    @ParameterizedTest(name = "MQTT version {0}, QoS {1}")
    @CsvSource({"3, 0", "3, 1", "3, 2", "4, 0", "4, 1", "4, 2"})
    void publishAndSubscribe_deliversAtEachQos(int version, int qos) throws Exception {
        String t = topic("paho");
        BlockingQueue<Received> inbox = new LinkedBlockingQueue<>();
        MqttClient sub = connect(clientId("psub"), options(version, true), inbox);
        sub.subscribe(t, qos);
        MqttClient pub = connect(clientId("ppub"), options(version, true), null);
        pub.publish(t, "hello".getBytes(UTF_8), qos, false);

        assertThat(next(inbox)).isEqualTo(new Received(t, "hello", qos, false));
    }

    @Test
    void retainedMessage_deliveredToLaterSubscriberWithRetainedFlag() throws Exception {
        String t = topic("paho-retained");
        MqttClient pub = connect(clientId("ppub"), options(4, true), null);
        pub.publish(t, "kept".getBytes(UTF_8), 1, true);
        BlockingQueue<Received> inbox = new LinkedBlockingQueue<>();
        MqttClient sub = connect(clientId("psub"), options(4, true), inbox);
        sub.subscribe(t, 1);

        assertThat(next(inbox)).isEqualTo(new Received(t, "kept", 1, true));
        pub.publish(t, new byte[0], 1, true); // clear it again
    }

    @Test
    void will_publishedWhenClientDropsWithoutDisconnect() throws Exception {
        String will = topic("paho-will");
        BlockingQueue<Received> inbox = new LinkedBlockingQueue<>();
        MqttClient sub = connect(clientId("psub"), options(4, true), inbox);
        sub.subscribe(will, 1);
        MqttConnectOptions withWill = options(4, true);
        withWill.setWill(will, "gone".getBytes(UTF_8), 1, false);
        MqttClient dying = connect(clientId("pdie"), withWill, null);

        dying.disconnectForcibly(0, 1000, false); // close the socket, no DISCONNECT

        assertThat(next(inbox)).isEqualTo(new Received(will, "gone", 1, false));
    }

    @Test
    void persistentSession_receivesQos1PublishedWhileOffline() throws Exception {
        String t = topic("paho-offline");
        String id = clientId("pkeep");
        MqttClient first = connect(id, options(4, false), null);
        first.subscribe(t, 1);
        first.disconnect();
        MqttClient pub = connect(clientId("ppub"), options(4, true), null);
        pub.publish(t, "while away".getBytes(UTF_8), 1, false);

        BlockingQueue<Received> inbox = new LinkedBlockingQueue<>();
        connect(id, options(4, false), inbox);

        assertThat(next(inbox)).isEqualTo(new Received(t, "while away", 1, false));
    }

    @Test
    void wildcardSubscription_receivesEveryMatchingTopic() throws Exception {
        String t = topic("paho-wild");
        BlockingQueue<Received> inbox = new LinkedBlockingQueue<>();
        MqttClient sub = connect(clientId("psub"), options(4, true), inbox);
        sub.subscribe(t + "/+/temp", 0);
        MqttClient pub = connect(clientId("ppub"), options(4, true), null);
        pub.publish(t + "/kitchen/temp", "21".getBytes(UTF_8), 0, false);
        pub.publish(t + "/kitchen/humidity", "40".getBytes(UTF_8), 0, false);
        pub.publish(t + "/hall/temp", "19".getBytes(UTF_8), 0, false);

        assertThat(List.of(next(inbox), next(inbox))).containsExactly(
                new Received(t + "/kitchen/temp", "21", 0, false),
                new Received(t + "/hall/temp", "19", 0, false));
    }

    private static MqttConnectOptions options(int version, boolean clean) {
        MqttConnectOptions o = new MqttConnectOptions();
        o.setMqttVersion(version == 3 ? MqttConnectOptions.MQTT_VERSION_3_1 : MqttConnectOptions.MQTT_VERSION_3_1_1);
        o.setCleanSession(clean);
        o.setAutomaticReconnect(false);
        o.setConnectionTimeout(5);
        return o;
    }

    /** A connected client; messages go to {@code inbox} when one is given. */
    private MqttClient connect(String id, MqttConnectOptions options, BlockingQueue<Received> inbox) throws MqttException {
        MqttClient c = new MqttClient("tcp://127.0.0.1:" + broker.port(), id, new MemoryPersistence());
        clients.add(c);
        if (inbox != null) {
            c.setCallback(new MqttCallback() {
                @Override
                public void connectionLost(Throwable cause) {
                    // the test sees the loss as a missing message
                }

                @Override
                public void messageArrived(String topic, MqttMessage m) {
                    inbox.add(new Received(topic, new String(m.getPayload(), UTF_8), m.getQos(), m.isRetained()));
                }

                @Override
                public void deliveryComplete(IMqttDeliveryToken token) {
                    // publishes are synchronous here
                }
            });
        }
        c.connect(options);
        return c;
    }

    private static Received next(BlockingQueue<Received> inbox) {
        await().atMost(WAIT).until(() -> !inbox.isEmpty());
        return inbox.remove();
    }
}
