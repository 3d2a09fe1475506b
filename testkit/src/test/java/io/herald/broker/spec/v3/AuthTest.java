package io.herald.broker.spec.v3;

import static io.herald.broker.spec.SpecClients.CLOSE;
import static io.herald.broker.spec.SpecClients.QUIET;
import static io.herald.broker.spec.SpecClients.clientId;
import static io.herald.broker.spec.SpecClients.connected;
import static io.herald.broker.spec.SpecClients.topic;
import static io.herald.testkit.MqttPackets.MQTT_3_1_1;
import static io.herald.testkit.MqttPackets.connack;
import static io.herald.testkit.MqttPackets.connect;
import static io.herald.testkit.MqttPackets.disconnect;
import static io.herald.testkit.MqttPackets.puback;
import static io.herald.testkit.MqttPackets.publish;
import static io.herald.testkit.MqttPackets.suback;
import static io.herald.testkit.MqttPackets.subscribe;

import io.herald.broker.auth.AuthResult;
import io.herald.broker.auth.AuthResult.Refusal;
import io.herald.broker.auth.Authenticator;
import io.herald.broker.auth.Authorizer;
import io.herald.broker.auth.ClientIdentity;
import io.herald.broker.auth.ConnectInfo;
import io.herald.broker.spec.EachProtocolLevel;
import io.herald.testkit.EmbeddedHerald;
import io.herald.testkit.RawMqttClient;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Refused connections and unauthorized packets [MQTT-3.2.2-4], [MQTT-3.2.2-5], [MQTT-3.3.5-2],
 * [MQTT-3.9.3]: CONNACK codes 0x03 to 0x05 come from the broker's authentication SPI, so this class
 * runs Herald with a scripted {@link Authenticator} and {@link Authorizer}.
 */
@Timeout(20)
class AuthTest {

    @RegisterExtension
    static final EmbeddedHerald herald = EmbeddedHerald.create()
            .authenticator(AuthTest::authenticate)
            .authorizer(new Authorizer() {
                @Override
                public boolean canPublish(ClientIdentity client, String topic) {
                    return !topic.contains("/forbidden/");
                }

                @Override
                public boolean canSubscribe(ClientIdentity client, String filter) {
                    return !filter.contains("/forbidden/");
                }
            });

    /** By user name: refusals, a failing authenticator, a slow one; anyone else is accepted. */
    private static CompletableFuture<AuthResult> authenticate(ConnectInfo info) {
        String user = info.username() == null ? "" : info.username();
        return switch (user) {
            case "bad" -> CompletableFuture.completedFuture(AuthResult.refuse(Refusal.BAD_USERNAME_OR_PASSWORD, "test"));
            case "denied" -> CompletableFuture.completedFuture(AuthResult.refuse(Refusal.NOT_AUTHORIZED, "test"));
            case "down" -> CompletableFuture.completedFuture(AuthResult.refuse(Refusal.SERVER_UNAVAILABLE, "test"));
            case "broken" -> CompletableFuture.failedFuture(new IllegalStateException("authenticator failed"));
            case "slow" -> CompletableFuture.supplyAsync(() -> accept(info),
                    CompletableFuture.delayedExecutor(200, TimeUnit.MILLISECONDS));
            default -> CompletableFuture.completedFuture(accept(info));
        };
    }

    private static AuthResult accept(ConnectInfo info) {
        return AuthResult.accept(new ClientIdentity(info.clientId(), info.username()));
    }

    @ParameterizedTest(name = "user {0}: return code {1}")
    @CsvSource({"bad, 4", "denied, 5", "down, 3", "broken, 3"})
    void mqtt_3_2_2_5_refusedConnect_returnCodeThenClose(String user, int code) {
        for (int level : new int[] {3, 4}) {
            try (RawMqttClient c = RawMqttClient.connect(herald.mqttPort())) {
                c.send(connect(level, clientId("c")).username(user).password("pw").toBytes())
                        .expectPacket(connack(false, code))
                        .expectClosed(CLOSE);
            }
        }
    }

    @Test
    void mqtt_3_2_2_4_refusedConnectForStoredSession_sessionPresent0() {
        String id = clientId("stored");
        try (RawMqttClient c = connected(herald.mqttPort(), connect(MQTT_3_1_1, id).clean(false), false)) {
            c.send(disconnect()).expectClosed(CLOSE);
        }
        try (RawMqttClient c = RawMqttClient.connect(herald.mqttPort())) {
            c.send(connect(MQTT_3_1_1, id).clean(false).username("denied").toBytes())
                    .expectPacket(connack(false, 5))
                    .expectClosed(CLOSE);
        }
    }

    @EachProtocolLevel
    void mqtt_3_1_4_5_packetsSentDuringSlowAuthentication_processedAfterConnack(int level) {
        String t = topic("slow");
        try (RawMqttClient c = RawMqttClient.connect(herald.mqttPort())) {
            c.send(connect(level, clientId("slow")).username("slow").toBytes(), subscribe(1, t, 0),
                            publish(t, "after").toBytes())
                    .expectPacket(connack(false, 0))
                    .expectPacket(suback(1, 0))
                    .expectPacket(publish(t, "after").toBytes());
        }
    }

    @Test
    void mqtt_3_9_3_unauthorizedFilter_subackFailure0x80() {
        String t = topic("auth");
        try (RawMqttClient c = connected(herald.mqttPort(), MQTT_3_1_1, clientId("c"))) {
            c.send(subscribe(1, new String[] {t + "/ok", t + "/forbidden/x"}, new int[] {1, 1}))
                    .expectPacket(suback(1, 1, 0x80));
        }
    }

    @Test
    void mqtt_3_3_5_2_unauthorizedPublish_acknowledgedButNotDelivered() {
        String t = topic("auth");
        try (RawMqttClient sub = connected(herald.mqttPort(), MQTT_3_1_1, clientId("sub"));
                RawMqttClient pub = connected(herald.mqttPort(), MQTT_3_1_1, clientId("pub"))) {
            sub.send(subscribe(1, t + "/+/x", 1)).expectPacket(suback(1, 1));
            pub.send(publish(t + "/forbidden/x", "no").qos(1, 1).toBytes()).expectPacket(puback(1));
            sub.expectNothing(QUIET);
        }
    }
}
