package io.herald.broker.interop;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.datatypes.MqttUtf8String;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient.Mqtt5Publishes;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.datatypes.Mqtt5UserProperty;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckRestrictions;
import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5DisconnectReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.herald.testkit.EmbeddedHerald;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The HiveMQ MQTT client (1.4.2, on the broker's Netty 4.2) against the broker at protocol level 5:
 * CONNECT and CONNACK properties, every QoS with user properties, message expiry, request/response,
 * No Local, shared subscriptions, topic aliases in both directions, session expiry and will delay.
 */
@Timeout(30)
class Mqtt5HiveMqIT {

    private static final long WAIT_SECONDS = 5;
    private static final AtomicInteger COUNTER = new AtomicInteger();

    @RegisterExtension
    static final EmbeddedHerald herald = EmbeddedHerald.create();

    private final List<Mqtt5BlockingClient> clients = new ArrayList<>();
    private final List<Mqtt5Publishes> inboxes = new ArrayList<>();

    @AfterEach
    void closeClients() {
        inboxes.forEach(Mqtt5Publishes::close);
        for (Mqtt5BlockingClient c : clients) {
            if (c.getState().isConnected()) {
                c.disconnect();
            }
        }
    }

    @Test
    void connect_withProperties_connackStatesServerLimitsAndFeatures() {
        Mqtt5BlockingClient c = client(id("props"));
        Mqtt5ConnAck ack = c.connectWith().cleanStart(true).sessionExpiryInterval(0)
                .restrictions().receiveMaximum(10).topicAliasMaximum(5).requestResponseInformation(true)
                .applyRestrictions()
                .userProperties().add("app", "interop").applyUserProperties()
                .send();

        Mqtt5ConnAckRestrictions r = ack.getRestrictions();
        assertThat(r.getReceiveMaximum()).isEqualTo(1024);
        assertThat(r.getTopicAliasMaximum()).isEqualTo(256);
        assertThat(r.getMaximumPacketSize()).isEqualTo(1024 * 1024);
        assertThat(r.getMaximumQos()).isEqualTo(MqttQos.EXACTLY_ONCE);
        assertThat(r.isRetainAvailable()).isTrue();
        assertThat(r.isWildcardSubscriptionAvailable()).isTrue();
        assertThat(r.isSharedSubscriptionAvailable()).isTrue();
        assertThat(r.areSubscriptionIdentifiersAvailable()).isTrue();
        assertThat(ack.getResponseInformation()).isPresent();
        assertThat(ack.isSessionPresent()).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(MqttQos.class)
    void publishSubscribe_eachQos_withUserProperties(MqttQos qos) throws InterruptedException {
        String t = topic("qos" + qos.getCode());
        Mqtt5BlockingClient sub = connected(id("sub"));
        Mqtt5Publishes inbox = inbox(sub);
        sub.subscribeWith().topicFilter(t).qos(qos).send();
        connected(id("pub")).publishWith().topic(t).qos(qos).payload("hello".getBytes(UTF_8))
                .userProperties().add("a", "1").add("b", "2").add("a", "3").applyUserProperties()
                .contentType("text/plain")
                .send();

        Mqtt5Publish p = next(inbox);
        assertThat(p.getTopic().toString()).isEqualTo(t);
        assertThat(p.getPayloadAsBytes()).asString(UTF_8).isEqualTo("hello");
        assertThat(p.getQos()).isEqualTo(qos);
        assertThat(p.getUserProperties().asList())
                .extracting(u -> u.getName().toString(), u -> u.getValue().toString())
                .containsExactly(tuple("a", "1"), tuple("b", "2"), tuple("a", "3"));
        assertThat(p.getContentType()).map(MqttUtf8String::toString).hasValue("text/plain");
    }

    @Test
    void messageExpiry_forwardedToSubscriber() throws InterruptedException {
        String t = topic("expiry");
        Mqtt5BlockingClient sub = connected(id("sub"));
        Mqtt5Publishes inbox = inbox(sub);
        sub.subscribeWith().topicFilter(t).qos(MqttQos.AT_LEAST_ONCE).send();
        connected(id("pub")).publishWith().topic(t).qos(MqttQos.AT_LEAST_ONCE).messageExpiryInterval(120)
                .payload("x".getBytes(UTF_8)).send();

        assertThat(next(inbox).getMessageExpiryInterval().orElseThrow()).isBetween(119L, 120L);
    }

    @Test
    void requestResponse_responseTopicAndCorrelationDataPassedThrough() throws InterruptedException {
        String t = topic("request");
        Mqtt5BlockingClient sub = connected(id("sub"));
        Mqtt5Publishes inbox = inbox(sub);
        sub.subscribeWith().topicFilter(t).qos(MqttQos.AT_LEAST_ONCE).send();
        connected(id("pub")).publishWith().topic(t).qos(MqttQos.AT_LEAST_ONCE).responseTopic(t + "/reply")
                .correlationData(new byte[] {9, 8, 7}).payload("q".getBytes(UTF_8)).send();

        Mqtt5Publish p = next(inbox);
        assertThat(p.getResponseTopic()).map(Object::toString).hasValue(t + "/reply");
        assertThat(p.getCorrelationData().map(Mqtt5HiveMqIT::bytes).orElseThrow()).containsExactly(9, 8, 7);
    }

    @Test
    void noLocal_ownMessagesNotReceived() throws InterruptedException {
        String t = topic("nolocal");
        Mqtt5BlockingClient self = connected(id("self"));
        Mqtt5Publishes inbox = inbox(self);
        self.subscribeWith().topicFilter(t).qos(MqttQos.AT_LEAST_ONCE).noLocal(true).send();
        self.publishWith().topic(t).qos(MqttQos.AT_LEAST_ONCE).payload("mine".getBytes(UTF_8)).send();
        connected(id("other")).publishWith().topic(t).qos(MqttQos.AT_LEAST_ONCE).payload("theirs".getBytes(UTF_8))
                .send();

        assertThat(next(inbox).getPayloadAsBytes()).asString(UTF_8).isEqualTo("theirs");
    }

    @Test
    void sharedSubscription_eachMessageToOneMember() throws InterruptedException {
        String t = topic("shared");
        Mqtt5BlockingClient a = connected(id("a"));
        Mqtt5BlockingClient b = connected(id("b"));
        Mqtt5Publishes inboxA = inbox(a);
        Mqtt5Publishes inboxB = inbox(b);
        a.subscribeWith().topicFilter("$share/workers/" + t).qos(MqttQos.AT_LEAST_ONCE).send();
        b.subscribeWith().topicFilter("$share/workers/" + t).qos(MqttQos.AT_LEAST_ONCE).send();
        Mqtt5BlockingClient pub = connected(id("pub"));
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            sent.add("job" + i);
            pub.publishWith().topic(t).qos(MqttQos.AT_LEAST_ONCE).payload(("job" + i).getBytes(UTF_8)).send();
        }

        List<String> got = new ArrayList<>();
        while (got.size() < sent.size()) {
            Optional<Mqtt5Publish> p = inboxA.receive(50, TimeUnit.MILLISECONDS).or(() -> inboxB.receiveNow());
            p.ifPresent(m -> got.add(new String(m.getPayloadAsBytes(), UTF_8)));
            assertThat(got.size()).isLessThanOrEqualTo(sent.size());
        }
        assertThat(inboxA.receive(200, TimeUnit.MILLISECONDS)).isEmpty();
        assertThat(inboxB.receiveNow()).isEmpty();
        assertThat(got).containsExactlyInAnyOrderElementsOf(sent);
    }

    @Test
    void topicAliases_bothWays_messagesArriveOnTheirTopics() throws InterruptedException {
        String t = topic("alias");
        Mqtt5BlockingClient sub = client(id("sub"));
        sub.connectWith().restrictions().topicAliasMaximum(3).applyRestrictions().send();
        Mqtt5Publishes inbox = inbox(sub);
        sub.subscribeWith().topicFilter(t + "/#").qos(MqttQos.AT_LEAST_ONCE).send();
        Mqtt5BlockingClient pub = client(id("pub"));
        pub.connectWith().restrictions().sendTopicAliasMaximum(2).applyRestrictions().send();
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String each = t + "/" + (i % 4);
            sent.add(each);
            pub.publishWith().topic(each).qos(MqttQos.AT_LEAST_ONCE).payload(each.getBytes(UTF_8)).send();
        }

        List<String> topics = new ArrayList<>();
        for (int i = 0; i < sent.size(); i++) {
            Mqtt5Publish p = next(inbox);
            assertThat(p.getTopic().toString()).isEqualTo(new String(p.getPayloadAsBytes(), UTF_8));
            topics.add(p.getTopic().toString());
        }
        assertThat(topics).containsExactlyElementsOf(sent);
    }

    @Test
    void sessionExpiry_resumedSessionReceivesWhatWasPublishedWhileAway() throws InterruptedException {
        String id = id("away");
        String t = topic("away");
        Mqtt5BlockingClient first = client(id);
        first.connectWith().cleanStart(false).sessionExpiryInterval(60).send();
        first.subscribeWith().topicFilter(t).qos(MqttQos.AT_LEAST_ONCE).send();
        first.disconnect();
        connected(id("pub")).publishWith().topic(t).qos(MqttQos.AT_LEAST_ONCE).payload("while away".getBytes(UTF_8))
                .send();

        Mqtt5BlockingClient again = client(id);
        Mqtt5Publishes inbox = inbox(again); // registered before CONNECT: the queued message comes right after
        Mqtt5ConnAck ack = again.connectWith().cleanStart(false).sessionExpiryInterval(60).send();
        assertThat(ack.isSessionPresent()).isTrue();
        assertThat(next(inbox).getPayloadAsBytes()).asString(UTF_8).isEqualTo("while away");
    }

    @Test
    void willDelay_willPublishedAfterTheDelay() throws InterruptedException {
        String will = topic("will");
        Mqtt5BlockingClient sub = connected(id("sub"));
        Mqtt5Publishes inbox = inbox(sub);
        sub.subscribeWith().topicFilter(will).qos(MqttQos.AT_LEAST_ONCE).send();
        Mqtt5BlockingClient dying = client(id("dying"));
        dying.connectWith().sessionExpiryInterval(10).keepAlive(1)
                .willPublish().topic(will).qos(MqttQos.AT_LEAST_ONCE).payload("gone".getBytes(UTF_8)).delayInterval(1)
                .userProperties().add("reason", "test").applyUserProperties()
                .applyWillPublish()
                .send();
        dying.disconnectWith().reasonCode(Mqtt5DisconnectReasonCode.DISCONNECT_WITH_WILL_MESSAGE).send();

        assertThat(inbox.receive(500, TimeUnit.MILLISECONDS)).isEmpty();
        Mqtt5Publish p = next(inbox);
        assertThat(p.getPayloadAsBytes()).asString(UTF_8).isEqualTo("gone");
        assertThat(p.getUserProperties().asList()).extracting(Mqtt5UserProperty::getValue)
                .map(Object::toString).containsExactly("test");
    }

    private Mqtt5BlockingClient client(String id) {
        Mqtt5BlockingClient c = Mqtt5Client.builder().identifier(id).serverHost(herald.host())
                .serverPort(herald.mqttPort()).buildBlocking();
        clients.add(c);
        return c;
    }

    private Mqtt5BlockingClient connected(String id) {
        Mqtt5BlockingClient c = client(id);
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

    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }

    private static String id(String role) {
        return "hivemq5-" + role + "-" + COUNTER.incrementAndGet();
    }

    private static String topic(String name) {
        return "interop5h/" + COUNTER.incrementAndGet() + "/" + name;
    }
}
