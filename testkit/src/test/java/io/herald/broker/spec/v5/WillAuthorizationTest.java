package io.herald.broker.spec.v5;

import static io.herald.broker.spec.v5.V5Client.QUIET;
import static io.herald.broker.spec.v5.V5Client.clientId;
import static io.herald.broker.spec.v5.V5Client.connected;
import static io.herald.broker.spec.v5.V5Client.subscribed;
import static io.herald.broker.spec.v5.V5Client.topic;
import static io.herald.testkit.Mqtt5Packets.connect;
import static io.herald.testkit.Mqtt5Packets.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.broker.auth.AclEntry;
import io.herald.broker.auth.Action;
import io.herald.broker.auth.AuthResult;
import io.herald.broker.auth.ClientIdentity;
import io.herald.broker.auth.Permissions;
import io.herald.broker.auth.Principal;
import io.herald.testkit.EmbeddedHerald;
import io.herald.testkit.Mqtt5Properties;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * MQTT 5 wills through the publish ingress: authorized against the client's rights when published (also
 * after a Will Delay Interval), {@code $SYS/} refused; a refused will is dropped and counted.
 */
@Timeout(20)
class WillAuthorizationTest {

    /** User "reader" may subscribe to anything and publish nothing; everyone else may do anything. */
    @RegisterExtension
    static final EmbeddedHerald herald = EmbeddedHerald.create().authenticator(info ->
            CompletableFuture.completedFuture(AuthResult.accept("reader".equals(info.username())
                    ? new ClientIdentity(info.clientId(), "reader", new Principal(Principal.KIND_TOKEN, "r-1"),
                            Permissions.of(List.of(AclEntry.allow("#", Action.SUBSCRIBE))), null)
                    : new ClientIdentity(info.clientId(), info.username()))));

    @Test
    void subscribeOnlyClient_willOnAForbiddenTopic_notDeliveredAndCounted() {
        String will = topic("will");
        long refused = herald.broker().metrics().willsRefusedCount();
        try (V5Client sub = subscribed(herald.mqttPort(), will, options(1, false, false, 0))) {
            connected(herald.mqttPort(), connect(clientId("reader")).username("reader")
                    .will(will, "gone", 1, false, Mqtt5Properties.of())).close();
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> herald.broker().metrics().willsRefusedCount() == refused + 1);
            sub.expectNothing(QUIET);
        }
    }

    @Test
    void subscribeOnlyClient_delayedWill_authorizedWhenDue() {
        String will = topic("will");
        long refused = herald.broker().metrics().willsRefusedCount();
        try (V5Client sub = subscribed(herald.mqttPort(), will, options(1, false, false, 0))) {
            connected(herald.mqttPort(), connect(clientId("reader")).username("reader").sessionExpiry(5)
                    .will(will, "gone", 1, false, Mqtt5Properties.of().willDelay(1))).close();
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> herald.broker().metrics().willsRefusedCount() == refused + 1);
            sub.expectNothing(QUIET);
        }
    }

    @Test
    void willOnSys_refused() {
        String will = "$SYS/" + topic("will");
        long refused = herald.broker().metrics().willsRefusedCount();
        try (V5Client sub = subscribed(herald.mqttPort(), will, options(0, false, false, 0))) {
            connected(herald.mqttPort(), connect(clientId("sys")).will(will, "gone", 0, false, Mqtt5Properties.of()))
                    .close();
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> herald.broker().metrics().willsRefusedCount() == refused + 1);
            sub.expectNothing(QUIET);
        }
    }

    @Test
    void clientAllowedToPublish_willDelivered() {
        String will = topic("will");
        try (V5Client sub = subscribed(herald.mqttPort(), will, options(0, false, false, 0))) {
            connected(herald.mqttPort(), connect(clientId("writer")).will(will, "gone", 0, false, Mqtt5Properties.of()))
                    .close();
            assertThat(sub.expectPublish().payloadText()).isEqualTo("gone");
        }
    }
}
