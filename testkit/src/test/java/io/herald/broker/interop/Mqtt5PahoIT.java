package io.herald.broker.interop;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.herald.testkit.EmbeddedHerald;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Eclipse Paho Java v5 (1.2.5) against the broker at protocol level 5: CONNECT and CONNACK
 * properties, every QoS with user properties, message expiry, request/response, subscription
 * identifiers, shared subscriptions, topic aliases (Paho to broker), session expiry and takeover.
 */
@Timeout(30)
class Mqtt5PahoIT {

    private static final long WAIT_SECONDS = 5;
    private static final AtomicInteger COUNTER = new AtomicInteger();

    @RegisterExtension
    static final EmbeddedHerald herald = EmbeddedHerald.create();

    private final List<MqttAsyncClient> clients = new ArrayList<>();

    /** One message as Paho's callback saw it. */
    record Received(String topic, MqttMessage message) {
        String payload() {
            return new String(message.getPayload(), UTF_8);
        }
    }

    /** Collects what Paho's callback reports. */
    static final class Inbox implements MqttCallback {
        final BlockingQueue<Received> messages = new LinkedBlockingQueue<>();
        final BlockingQueue<MqttDisconnectResponse> disconnects = new LinkedBlockingQueue<>();

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            messages.add(new Received(topic, message));
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {
            disconnects.add(response);
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {}

        @Override
        public void deliveryComplete(IMqttToken token) {}

        @Override
        public void connectComplete(boolean reconnect, String serverUri) {}

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {}

        Received next() throws InterruptedException {
            Received r = messages.poll(WAIT_SECONDS, TimeUnit.SECONDS);
            assertThat(r).as("a message within %s s", WAIT_SECONDS).isNotNull();
            return r;
        }
    }

    @AfterEach
    void closeClients() throws MqttException {
        for (MqttAsyncClient c : clients) {
            if (c.isConnected()) {
                c.disconnectForcibly(0, 1000, false);
            }
            c.close(true);
        }
    }

    @Test
    void connect_withProperties_connackStatesServerLimits() throws Exception {
        MqttConnectionOptions options = options(true);
        options.setReceiveMaximum(10);
        options.setTopicAliasMaximum(5);
        options.setRequestResponseInfo(true);
        options.setUserProperties(List.of(new UserProperty("app", "interop")));
        MqttAsyncClient c = client(id("props"), new Inbox());
        IMqttToken token = c.connect(options);
        token.waitForCompletion(WAIT_SECONDS * 1000);

        MqttProperties ack = token.getResponseProperties();
        assertThat(ack.getReceiveMaximum()).isEqualTo(1024);
        assertThat(ack.getTopicAliasMaximum()).isEqualTo(256);
        assertThat(ack.getMaximumPacketSize()).isEqualTo(1024L * 1024);
        assertThat(ack.getResponseInfo()).isNotBlank();
        assertThat(token.getSessionPresent()).isFalse();
    }

    @ParameterizedTest(name = "QoS {0}")
    @ValueSource(ints = {0, 1, 2})
    void publishSubscribe_eachQos_withUserProperties(int qos) throws Exception {
        String t = topic("qos" + qos);
        Inbox inbox = new Inbox();
        MqttAsyncClient sub = connected(id("sub"), options(true), inbox);
        sub.subscribe(new MqttSubscription(t, qos)).waitForCompletion();
        MqttAsyncClient pub = connected(id("pub"), options(true), new Inbox());
        MqttProperties props = new MqttProperties();
        props.setUserProperties(List.of(new UserProperty("a", "1"), new UserProperty("b", "2"), new UserProperty("a", "3")));
        props.setContentType("text/plain");
        props.setPayloadFormat(true);
        pub.publish(t, new MqttMessage("hello".getBytes(UTF_8), qos, false, props)).waitForCompletion();

        Received r = inbox.next();
        assertThat(r.topic()).isEqualTo(t);
        assertThat(r.payload()).isEqualTo("hello");
        assertThat(r.message().getQos()).isEqualTo(qos);
        MqttProperties got = r.message().getProperties();
        assertThat(got.getUserProperties()).extracting(UserProperty::getKey, UserProperty::getValue)
                .containsExactly(tuple("a", "1"), tuple("b", "2"), tuple("a", "3"));
        assertThat(got.getContentType()).isEqualTo("text/plain");
        assertThat(got.getPayloadFormat()).isTrue();
    }

    @Test
    void messageExpiry_forwardedToSubscriber() throws Exception {
        String t = topic("expiry");
        Inbox inbox = new Inbox();
        connected(id("sub"), options(true), inbox).subscribe(new MqttSubscription(t, 1)).waitForCompletion();
        MqttProperties props = new MqttProperties();
        props.setMessageExpiryInterval(120L);
        connected(id("pub"), options(true), new Inbox())
                .publish(t, new MqttMessage("soon stale".getBytes(UTF_8), 1, false, props)).waitForCompletion();

        assertThat(inbox.next().message().getProperties().getMessageExpiryInterval()).isBetween(119L, 120L);
    }

    @Test
    void requestResponse_responseTopicAndCorrelationDataRoundTrip() throws Exception {
        String requests = topic("service");
        Inbox responderInbox = new Inbox();
        MqttAsyncClient responder = connected(id("responder"), options(true), responderInbox);
        responder.subscribe(new MqttSubscription(requests, 1)).waitForCompletion();
        Inbox requesterInbox = new Inbox();
        MqttAsyncClient requester = connected(id("requester"), options(true), requesterInbox);
        String replies = topic("replies");
        requester.subscribe(new MqttSubscription(replies, 1)).waitForCompletion();

        MqttProperties ask = new MqttProperties();
        ask.setResponseTopic(replies);
        ask.setCorrelationData(new byte[] {1, 2, 3});
        requester.publish(requests, new MqttMessage("ping".getBytes(UTF_8), 1, false, ask)).waitForCompletion();
        MqttProperties request = responderInbox.next().message().getProperties();
        MqttProperties answer = new MqttProperties();
        answer.setCorrelationData(request.getCorrelationData());
        responder.publish(request.getResponseTopic(), new MqttMessage("pong".getBytes(UTF_8), 1, false, answer))
                .waitForCompletion();

        Received reply = requesterInbox.next();
        assertThat(reply.payload()).isEqualTo("pong");
        assertThat(reply.message().getProperties().getCorrelationData()).containsExactly(1, 2, 3);
    }

    @Test
    void subscriptionIdentifier_deliveredWithMatchingMessage() throws Exception {
        String t = topic("subid");
        Inbox inbox = new Inbox();
        MqttAsyncClient sub = connected(id("sub"), options(true), inbox);
        MqttProperties props = new MqttProperties();
        props.setSubscriptionIdentifier(42);
        sub.subscribe(new MqttSubscription[] {new MqttSubscription(t, 1)}, null, null, props).waitForCompletion();
        connected(id("pub"), options(true), new Inbox()).publish(t, "m".getBytes(UTF_8), 1, false).waitForCompletion();

        assertThat(inbox.next().message().getProperties().getSubscriptionIdentifiers()).containsExactly(42);
    }

    @Test
    void sharedSubscription_eachMessageToOneMember() throws Exception {
        String t = topic("shared");
        Inbox a = new Inbox();
        Inbox b = new Inbox();
        connected(id("a"), options(true), a).subscribe(new MqttSubscription("$share/workers/" + t, 1))
                .waitForCompletion();
        connected(id("b"), options(true), b).subscribe(new MqttSubscription("$share/workers/" + t, 1))
                .waitForCompletion();
        MqttAsyncClient pub = connected(id("pub"), options(true), new Inbox());
        for (int i = 0; i < 10; i++) {
            pub.publish(t, ("job" + i).getBytes(UTF_8), 1, false).waitForCompletion();
        }

        await().atMost(Duration.ofSeconds(WAIT_SECONDS)).until(() -> a.messages.size() + b.messages.size() == 10);
        List<String> got = new ArrayList<>();
        a.messages.forEach(r -> got.add(r.payload()));
        b.messages.forEach(r -> got.add(r.payload()));
        assertThat(got).containsExactlyInAnyOrder("job0", "job1", "job2", "job3", "job4", "job5", "job6", "job7",
                "job8", "job9");
    }

    @Test
    void topicAliasesFromPaho_resolvedByBroker() throws Exception {
        // Paho aliases the topics it publishes on when CONNACK allows it. It cannot take aliases itself:
        // 1.2.5 hands them to messageArrived with an empty topic (paho.mqtt.java issue 866), so the
        // broker's outbound aliases are tested with the HiveMQ client and on raw bytes.
        String t = topic("alias");
        Inbox inbox = new Inbox();
        MqttAsyncClient sub = connected(id("sub"), options(true), inbox);
        sub.subscribe(new MqttSubscription(t + "/#", 1)).waitForCompletion();
        MqttAsyncClient pub = connected(id("pub"), options(true), new Inbox());
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String each = t + "/" + (i % 4);
            sent.add(each);
            pub.publish(each, each.getBytes(UTF_8), 1, false).waitForCompletion();
        }

        List<String> topics = new ArrayList<>();
        for (int i = 0; i < sent.size(); i++) {
            Received r = inbox.next();
            assertThat(r.topic()).isEqualTo(r.payload());
            topics.add(r.topic());
        }
        assertThat(topics).containsExactlyElementsOf(sent);
    }

    @Test
    void sessionExpiry_resumedSessionReceivesWhatWasPublishedWhileAway() throws Exception {
        String id = id("away");
        String t = topic("away");
        MqttConnectionOptions persistent = options(false);
        persistent.setSessionExpiryInterval(60L);
        MqttAsyncClient first = connected(id, persistent, new Inbox());
        first.subscribe(new MqttSubscription(t, 1)).waitForCompletion();
        first.disconnect().waitForCompletion();
        connected(id("pub"), options(true), new Inbox()).publish(t, "while away".getBytes(UTF_8), 1, false)
                .waitForCompletion();

        Inbox inbox = new Inbox();
        MqttAsyncClient again = client(id, inbox);
        IMqttToken token = again.connect(persistent);
        token.waitForCompletion(WAIT_SECONDS * 1000);
        assertThat(token.getSessionPresent()).isTrue();
        assertThat(inbox.next().payload()).isEqualTo("while away");
    }

    @Test
    void takeover_firstClientToldSessionTakenOver() throws Exception {
        String id = id("twice");
        Inbox first = new Inbox();
        connected(id, options(true), first);
        connected(id, options(true), new Inbox());

        MqttDisconnectResponse response = first.disconnects.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        assertThat(response).isNotNull();
        assertThat(response.getReturnCode()).isEqualTo(0x8E);
    }

    private static MqttConnectionOptions options(boolean cleanStart) {
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(cleanStart);
        o.setAutomaticReconnect(false);
        o.setConnectionTimeout(5);
        return o;
    }

    private MqttAsyncClient client(String id, Inbox inbox) throws MqttException {
        MqttAsyncClient c = new MqttAsyncClient(herald.tcpUri(), id, new MemoryPersistence());
        c.setCallback(inbox);
        clients.add(c);
        return c;
    }

    private MqttAsyncClient connected(String id, MqttConnectionOptions options, Inbox inbox) throws MqttException {
        MqttAsyncClient c = client(id, inbox);
        c.connect(options).waitForCompletion(WAIT_SECONDS * 1000);
        return c;
    }

    private static String id(String role) {
        return "paho5-" + role + "-" + COUNTER.incrementAndGet();
    }

    private static String topic(String name) {
        return "interop5/" + COUNTER.incrementAndGet() + "/" + name;
    }
}
