package io.herald.broker.spec.v3;

import static io.herald.broker.spec.SpecClients.QUIET;
import static io.herald.broker.spec.SpecClients.clientId;
import static io.herald.broker.spec.SpecClients.connected;
import static io.herald.broker.spec.SpecClients.subscribed;
import static io.herald.broker.spec.SpecClients.topic;
import static io.herald.testkit.MqttPackets.connect;
import static io.herald.testkit.MqttPackets.publish;
import static org.awaitility.Awaitility.await;

import io.herald.broker.auth.AclEntry;
import io.herald.broker.auth.Action;
import io.herald.broker.auth.AuthResult;
import io.herald.broker.auth.ClientIdentity;
import io.herald.broker.auth.Permissions;
import io.herald.broker.auth.Principal;
import io.herald.broker.spec.EachProtocolLevel;
import io.herald.testkit.EmbeddedHerald;
import io.herald.testkit.RawMqttClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A will goes through the same ingress as a PUBLISH: it is authorized against its client's rights when
 * it is published, and a topic reserved for the broker is refused. A refused will is dropped and
 * counted, never delivered. Herald only: the rights come from the authentication SPI.
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

    @EachProtocolLevel
    void subscribeOnlyClient_willOnAForbiddenTopic_notDeliveredAndCounted(int level) {
        String will = topic("will");
        long refused = herald.broker().metrics().willsRefusedCount();
        try (RawMqttClient sub = subscribed(herald.mqttPort(), level, will, 0)) {
            connected(herald.mqttPort(), connect(level, clientId("reader")).username("reader").password("pw")
                    .will(will, "gone", 0, false), false).close();
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> herald.broker().metrics().willsRefusedCount() == refused + 1);
            sub.expectNothing(QUIET);
        }
    }

    @EachProtocolLevel
    void willOnSys_refused(int level) {
        String will = "$SYS/" + topic("will");
        long refused = herald.broker().metrics().willsRefusedCount();
        try (RawMqttClient sub = subscribed(herald.mqttPort(), level, will, 0)) {
            connected(herald.mqttPort(), connect(level, clientId("sys")).will(will, "gone", 0, false), false).close();
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> herald.broker().metrics().willsRefusedCount() == refused + 1);
            sub.expectNothing(QUIET);
        }
    }

    @EachProtocolLevel
    void clientAllowedToPublish_willDelivered(int level) {
        String will = topic("will");
        try (RawMqttClient sub = subscribed(herald.mqttPort(), level, will, 0)) {
            connected(herald.mqttPort(), connect(level, clientId("writer")).will(will, "gone", 0, false), false)
                    .close();
            sub.expectPacket(publish(will, "gone").toBytes());
        }
    }
}
