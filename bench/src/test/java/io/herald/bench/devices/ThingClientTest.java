package io.herald.bench.devices;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import org.junit.jupiter.api.Test;

class ThingClientTest {

    private static MqttMessage pubAck(int reasonCode) {
        return MqttMessageBuilders.pubAck().packetId(1).reasonCode((byte) reasonCode).build();
    }

    @Test
    void puback0x97_refused() {
        // Netty hands 0x97 over as the byte -105: the load program counted it as acknowledged
        assertThat(ThingClient.refused(pubAck(0x97))).isTrue();
        assertThat(ThingClient.refused(pubAck(0x99))).isTrue();
        assertThat(ThingClient.refused(pubAck(0x80))).isTrue();
    }

    @Test
    void puback0x00or0x10_acknowledged() {
        assertThat(ThingClient.refused(pubAck(0x00))).isFalse();
        assertThat(ThingClient.refused(pubAck(0x10))).isFalse();
    }
}
