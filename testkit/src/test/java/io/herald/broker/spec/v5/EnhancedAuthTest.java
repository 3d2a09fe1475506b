package io.herald.broker.spec.v5;

import static io.herald.broker.spec.v5.V5Client.clientId;
import static io.herald.broker.spec.v5.V5Client.connected;
import static io.herald.testkit.Mqtt5Packet.AUTH;
import static io.herald.testkit.Mqtt5Packet.CONNACK;
import static io.herald.testkit.Mqtt5Packets.auth;
import static io.herald.testkit.Mqtt5Packets.connect;
import static io.herald.testkit.Mqtt5Properties.AUTHENTICATION_DATA;
import static io.herald.testkit.Mqtt5Properties.AUTHENTICATION_METHOD;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.herald.broker.auth.AuthResult.Refusal;
import io.herald.broker.auth.AuthStep;
import io.herald.broker.auth.ClientIdentity;
import io.herald.broker.auth.ConnectInfo;
import io.herald.broker.auth.EnhancedAuthenticator;
import io.herald.testkit.EmbeddedHerald;
import io.herald.testkit.Mqtt5Packet;
import io.herald.testkit.Mqtt5Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * MQTT 5 enhanced authentication [MQTT-4.12]: the AUTH exchange of a CONNECT, an unsupported method,
 * a failed exchange, and re-authentication. The broker runs {@link ChallengeResponse}, a method in
 * which the server sends a nonce and the client answers {@code answer:<nonce>}.
 */
@Timeout(20)
class EnhancedAuthTest {

    private static final String METHOD = "X-HERALD-CHALLENGE";

    @RegisterExtension
    static final EmbeddedHerald herald = EmbeddedHerald.create().enhancedAuthenticator(new ChallengeResponse());

    /** A challenge-response method: CONNECT data, then AUTH 0x18 with a nonce, then the client's answer. */
    static final class ChallengeResponse implements EnhancedAuthenticator {
        private final AtomicInteger nonces = new AtomicInteger();

        @Override
        public boolean supports(String method) {
            return METHOD.equals(method);
        }

        @Override
        public Conversation start(String method, ConnectInfo info) {
            String nonce = "nonce-" + nonces.incrementAndGet();
            return new Conversation() {
                private boolean challenged;

                @Override
                public CompletionStage<AuthStep> step(byte[] clientData) {
                    String data = clientData == null ? "" : new String(clientData, UTF_8);
                    if (!challenged) {
                        challenged = true;
                        return CompletableFuture.completedFuture(data.equals("hello")
                                ? new AuthStep.Continue(nonce.getBytes(UTF_8))
                                : new AuthStep.Failure(Refusal.NOT_AUTHORIZED, "say hello first"));
                    }
                    return CompletableFuture.completedFuture(data.equals("answer:" + nonce)
                            ? new AuthStep.Success(new ClientIdentity(info.clientId(), "alice"), "welcome".getBytes(UTF_8))
                            : new AuthStep.Failure(Refusal.NOT_AUTHORIZED, "wrong answer"));
                }
            };
        }
    }

    @Test
    void mqtt_4_12_0_2_connectWithAuthenticationMethod_challengeResponseThenConnack() {
        try (V5Client c = authenticated(clientId("alice"))) {
            Mqtt5Packet ack = c.connack();
            assertThat(ack.properties().string(AUTHENTICATION_METHOD)).isEqualTo(METHOD); // [MQTT-3.2.2.3.17]
            assertThat(ack.properties().binary(AUTHENTICATION_DATA)).asString(UTF_8).isEqualTo("welcome");
            c.roundTrip();
        }
    }

    @Test
    void mqtt_4_12_0_1_unsupportedAuthenticationMethod_connack0x8C() {
        try (V5Client c = V5Client.open(herald.mqttPort())) {
            Mqtt5Packet ack = c.send(connect(clientId("odd")).properties(method("SCRAM-SHA-512", "hello")).toBytes())
                    .expect(CONNACK);
            assertThat(ack.reasonCode()).isEqualTo(0x8C);
            c.expectClosed();
        }
    }

    @Test
    void mqtt_4_12_0_4_wrongAnswer_connack0x87() {
        try (V5Client c = V5Client.open(herald.mqttPort())) {
            Mqtt5Packet challenge = c.send(connect(clientId("eve")).properties(method(METHOD, "hello")).toBytes())
                    .expect(AUTH);
            assertThat(challenge.reasonCode()).isEqualTo(0x18);
            Mqtt5Packet ack = c.send(auth(0x18, method(METHOD, "answer:guess"))).expect(CONNACK);
            assertThat(ack.reasonCode()).isEqualTo(0x87);
            c.expectClosed();
        }
    }

    @Test
    void mqtt_4_12_0_5_authWithAnotherMethodDuringConnect_connackProtocolError() {
        try (V5Client c = V5Client.open(herald.mqttPort())) {
            c.send(connect(clientId("mixed")).properties(method(METHOD, "hello")).toBytes()).expect(AUTH);
            Mqtt5Packet ack = c.send(auth(0x18, method("OTHER", "x"))).expect(CONNACK);
            assertThat(ack.reasonCode()).isEqualTo(0x82);
            c.expectClosed();
        }
    }

    @Test
    void mqtt_3_1_2_11_10_authenticationDataWithoutMethod_connackProtocolError() {
        try (V5Client c = V5Client.open(herald.mqttPort())) {
            Mqtt5Properties dataOnly = Mqtt5Properties.of().authData("hello".getBytes(UTF_8));
            Mqtt5Packet ack = c.send(connect(clientId("nomethod")).properties(dataOnly).toBytes()).expect(CONNACK);
            assertThat(ack.reasonCode()).isEqualTo(0x82);
            c.expectClosed();
        }
    }

    @Test
    void mqtt_4_12_1_reauthentication_challengeResponseThenAuthSuccess() {
        try (V5Client c = authenticated(clientId("again"))) {
            Mqtt5Packet challenge = c.send(auth(0x19, method(METHOD, "hello"))).expect(AUTH);
            assertThat(challenge.reasonCode()).isEqualTo(0x18);
            assertThat(challenge.properties().string(AUTHENTICATION_METHOD)).isEqualTo(METHOD);
            String nonce = new String(challenge.properties().binary(AUTHENTICATION_DATA), UTF_8);
            Mqtt5Packet done = c.send(auth(0x18, method(METHOD, "answer:" + nonce))).expect(AUTH);
            assertThat(done.reasonCode()).isEqualTo(0x00);
            assertThat(done.properties().string(AUTHENTICATION_METHOD)).isEqualTo(METHOD);
            c.roundTrip(); // still connected
        }
    }

    @Test
    void mqtt_4_12_1_2_failedReauthentication_disconnect0x87() {
        try (V5Client c = authenticated(clientId("lapsed"))) {
            c.send(auth(0x19, method(METHOD, "hello"))).expect(AUTH);
            c.send(auth(0x18, method(METHOD, "answer:stale"))).expectDisconnect(0x87);
        }
    }

    @Test
    void mqtt_4_12_1_1_reauthenticationWithAnotherMethod_disconnect0x82() {
        try (V5Client c = authenticated(clientId("switch"))) {
            c.send(auth(0x19, method("OTHER", "hello"))).expectDisconnect(0x82);
        }
    }

    @Test
    void mqtt_4_12_1_1_reauthenticationWithoutMethodInConnect_disconnect0x82() {
        try (V5Client c = connected(herald.mqttPort(), clientId("plain"))) {
            c.send(auth(0x19, method(METHOD, "hello"))).expectDisconnect(0x82);
        }
    }

    @Test
    void mqtt_3_2_2_19_refusingConnack_reasonStringNeverOverClientMaximumPacketSize() {
        int maximum = 20;
        Mqtt5Properties props = method("SCRAM-SHA-512", "hello").maximumPacketSize(maximum);
        try (V5Client c = V5Client.open(herald.mqttPort())) {
            Mqtt5Packet ack = c.send(connect(clientId("small")).properties(props).toBytes()).expect(CONNACK);
            assertThat(ack.reasonCode()).isEqualTo(0x8C);
            assertThat(ack.size()).as("size of %s", ack).isLessThanOrEqualTo(maximum);
        }
    }

    /** Connected through the whole exchange: CONNECT, AUTH 0x18 challenge, AUTH 0x18 answer, CONNACK 0x00. */
    private static V5Client authenticated(String clientId) {
        V5Client c = V5Client.open(herald.mqttPort());
        Mqtt5Packet challenge = c.send(connect(clientId).properties(method(METHOD, "hello")).toBytes()).expect(AUTH);
        assertThat(challenge.reasonCode()).isEqualTo(0x18);
        assertThat(challenge.properties().string(AUTHENTICATION_METHOD)).isEqualTo(METHOD); // [MQTT-4.12.0-2]
        String nonce = new String(challenge.properties().binary(AUTHENTICATION_DATA), UTF_8);
        return c.withConnack(c.send(auth(0x18, method(METHOD, "answer:" + nonce))).expect(CONNACK));
    }

    private static Mqtt5Properties method(String name, String data) {
        return Mqtt5Properties.of().authMethod(name).authData(data.getBytes(UTF_8));
    }
}
