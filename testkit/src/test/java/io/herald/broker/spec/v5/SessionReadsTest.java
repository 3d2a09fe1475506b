package io.herald.broker.spec.v5;

import static io.herald.broker.spec.v5.V5Client.clientId;
import static io.herald.broker.spec.v5.V5Client.connected;
import static io.herald.broker.spec.v5.V5Client.topic;
import static io.herald.testkit.Mqtt5Packets.connect;
import static io.herald.testkit.Mqtt5Packets.options;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.broker.RetainedMessage;
import io.herald.broker.SessionInfo;
import io.herald.broker.auth.Principal;
import io.herald.broker.publish.PublishRequest;
import io.herald.testkit.EmbeddedHerald;
import io.herald.testkit.Mqtt5Properties;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The broker's reads for the platform: sessions, read on their owning loops, and retained messages.
 */
@Timeout(20)
class SessionReadsTest {

    @RegisterExtension
    final EmbeddedHerald herald = EmbeddedHerald.create();

    @Test
    void sessions_onlineAndOffline_withSubscriptionsAndWaitingMessages() throws Exception {
        String online = clientId("online");
        String offline = clientId("offline");
        String t = topic("waiting");
        try (V5Client away = connected(herald.mqttPort(), connect(offline).sessionExpiry(300))) {
            away.subscribe(1, Mqtt5Properties.of(), t, options(1, false, false, 0));
            away.disconnect();
        }
        get(herald.broker().publish(PublishRequest.builder(t, "m".getBytes(UTF_8)).qos(1).build()));
        try (V5Client here = connected(herald.mqttPort(), connect(online).username("ann"))) {
            here.subscribe(1, Mqtt5Properties.of(), "a/+", options(0, false, false, 0));
            List<SessionInfo> all = get(herald.broker().sessions());
            assertThat(all).extracting(SessionInfo::clientId).containsExactly(offline, online);

            SessionInfo on = get(herald.broker().session(online)).orElseThrow();
            assertThat(on.connected()).isTrue();
            assertThat(on.principal()).isEqualTo(new Principal(Principal.KIND_FILE_USER, "ann"));
            assertThat(on.protocolLevel()).isEqualTo(5);
            assertThat(on.transport()).isEqualTo("tcp");
            assertThat(on.remoteAddress()).isNotNull();
            assertThat(on.connectedSince()).isNotNull();
            assertThat(on.subscriptions()).containsExactly("a/+");

            SessionInfo off = get(herald.broker().session(offline)).orElseThrow();
            assertThat(off.connected()).isFalse();
            assertThat(off.principal()).as("of its last connection").isEqualTo(Principal.anonymous(offline));
            assertThat(off.remoteAddress()).isNull();
            assertThat(off.subscriptions()).containsExactly(t);
            assertThat(off.queued()).isOne();
        }
        assertThat(get(herald.broker().session("nobody"))).isEqualTo(Optional.empty());
    }

    @Test
    void retained_listedByFilterWithLimit_andCleared() throws Exception {
        String base = topic("kept");
        for (String leaf : List.of("b", "a", "c")) {
            get(get(herald.broker().publish(PublishRequest.builder(base + "/" + leaf, leaf.getBytes(UTF_8))
                    .qos(1).retain(true).contentType("text/plain").build())).durable());
        }
        List<RetainedMessage> two = get(herald.broker().retained(base + "/#", 2));
        assertThat(two).extracting(RetainedMessage::topic).containsExactly(base + "/a", base + "/b");
        assertThat(two.getFirst().payloadSize()).isOne();
        assertThat(two.getFirst().qos()).isOne();
        assertThat(two.getFirst().contentType()).isEqualTo("text/plain");
        assertThat(new String(get(herald.broker().retainedMessage(base + "/c")).orElseThrow().payload(), UTF_8))
                .isEqualTo("c");

        assertThat(get(herald.broker().clearRetained(base + "/a"))).isTrue();
        assertThat(get(herald.broker().clearRetained(base + "/a"))).isFalse();
        assertThat(get(herald.broker().retained(base + "/#", 10))).extracting(RetainedMessage::topic)
                .containsExactly(base + "/b", base + "/c");
        assertThatThrownBy(() -> herald.broker().retained("a/#/b", 1)).isInstanceOf(IllegalArgumentException.class);
    }

    private static <T> T get(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(5, TimeUnit.SECONDS);
    }
}
