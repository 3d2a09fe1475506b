package io.herald.broker.spec.v5;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.testkit.EmbeddedHerald;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The broker's own disconnect of a client (operator or platform request): DISCONNECT 0x98. */
@Timeout(30)
class AdministrativeDisconnectTest {

    @RegisterExtension
    static final EmbeddedHerald herald = EmbeddedHerald.create();

    @Test
    void brokerDisconnect_sendsAdministrativeAction0x98() throws Exception {
        CompletableFuture<Integer> reason = new CompletableFuture<>();
        MqttClient client = new MqttClient(herald.tcpUri(), "admin-kick", new MemoryPersistence());
        client.setCallback(new MqttCallback() {
            @Override
            public void disconnected(MqttDisconnectResponse response) {
                reason.complete(response.getReturnCode());
            }

            @Override
            public void mqttErrorOccurred(MqttException exception) {}

            @Override
            public void messageArrived(String topic, MqttMessage message) {}

            @Override
            public void deliveryComplete(IMqttToken token) {}

            @Override
            public void connectComplete(boolean reconnect, String serverURI) {}

            @Override
            public void authPacketArrived(int reasonCode, MqttProperties properties) {}
        });
        client.connect();

        boolean closed = herald.broker().disconnect("admin-kick", "revoked by test").toCompletableFuture()
                .get(5, TimeUnit.SECONDS);

        assertThat(closed).isTrue();
        assertThat(reason.get(5, TimeUnit.SECONDS)).isEqualTo(0x98);
        assertThat(herald.broker().disconnect("nobody", "x").toCompletableFuture().get(5, TimeUnit.SECONDS)).isFalse();
        client.close(true);
    }
}
