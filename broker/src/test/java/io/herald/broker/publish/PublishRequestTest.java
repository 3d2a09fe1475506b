package io.herald.broker.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A request is a valid MQTT message once built, and owns copies of its arrays. */
class PublishRequestTest {

    @Test
    void defaults_qos0_notRetained_platformOrigin_noProperties() {
        PublishRequest r = PublishRequest.builder("a/b", new byte[] {1}).build();
        assertThat(r.qos()).isZero();
        assertThat(r.retain()).isFalse();
        assertThat(r.origin()).isEqualTo(Origin.platform());
        assertThat(r.messageExpirySeconds()).isNull();
        assertThat(r.userProperties()).isEmpty();
    }

    @Test
    void copiesThePayload() {
        byte[] payload = {1, 2};
        PublishRequest r = PublishRequest.builder("a", payload).build();
        payload[0] = 9;
        assertThat(r.payload()).containsExactly(1, 2);
    }

    @Test
    void invalidFields_refusedWithTheReason() {
        assertThatThrownBy(() -> PublishRequest.builder("a/#", new byte[0]).build()).hasMessageContaining("topic name");
        assertThatThrownBy(() -> PublishRequest.builder("", new byte[0]).build()).hasMessageContaining("topic name");
        assertThatThrownBy(() -> PublishRequest.builder("a", new byte[0]).qos(3).build()).hasMessageContaining("qos");
        assertThatThrownBy(() -> PublishRequest.builder("a", new byte[0]).messageExpirySeconds(-1L).build())
                .hasMessageContaining("expiry");
        assertThatThrownBy(() -> PublishRequest.builder("a", new byte[] {(byte) 0xC3}).payloadUtf8(true).build())
                .hasMessageContaining("UTF-8");
        assertThatThrownBy(() -> PublishRequest.builder("a", new byte[0]).responseTopic("r/+").build())
                .hasMessageContaining("response topic");
        assertThatThrownBy(() -> PublishRequest.builder("a", new byte[0]).correlationData(new byte[65_536]).build())
                .hasMessageContaining("correlation data");
        assertThatThrownBy(() -> PublishRequest.builder("a", new byte[0]).contentType("x".repeat(65_536)).build())
                .hasMessageContaining("content type");
    }

    @Test
    void utf8Payload_accepted() {
        byte[] text = "grüße".getBytes(StandardCharsets.UTF_8);
        assertThat(PublishRequest.builder("a", text).payloadUtf8(true).build().payloadUtf8()).isTrue();
    }
}
