package io.herald.broker.spec.v3;

import static io.herald.broker.spec.SpecClients.QUIET;
import static io.herald.broker.spec.SpecClients.clientId;
import static io.herald.broker.spec.SpecClients.connected;
import static io.herald.broker.spec.SpecClients.roundTrip;
import static io.herald.testkit.MqttPackets.publish;
import static io.herald.testkit.MqttPackets.suback;
import static io.herald.testkit.MqttPackets.subscribe;

import io.herald.broker.auth.AclEntry;
import io.herald.broker.auth.Action;
import io.herald.broker.auth.Authorizer;
import io.herald.broker.auth.Permissions;
import io.herald.broker.spec.EachProtocolLevel;
import io.herald.testkit.EmbeddedHerald;
import io.herald.testkit.RawMqttClient;
import java.util.List;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The usual ACL "anonymous may do anything except subscribe to test/nosubscribe", as Mosquitto users
 * expect it: a wildcard subscription that reaches the denied topic is granted, and messages on the
 * denied topic are filtered out at delivery. Herald only (the rules come from the Authorizer SPI); one
 * broker per test, since the tests subscribe to {@code #}.
 */
@Timeout(20)
class AclFilterTest {

    @RegisterExtension
    final EmbeddedHerald herald = EmbeddedHerald.create().authorizer(Authorizer.of(() -> Permissions.of(List.of(
            AclEntry.deny("test/nosubscribe", Action.SUBSCRIBE),
            AclEntry.allow("#", Action.SUBSCRIBE, Action.PUBLISH)))));

    @EachProtocolLevel
    void hash_receivesTestA_neverTestNosubscribe(int level) {
        receivesAllowedOnly(level, "#");
    }

    @EachProtocolLevel
    void testHash_receivesTestA_neverTestNosubscribe(int level) {
        receivesAllowedOnly(level, "test/#");
    }

    @EachProtocolLevel
    void deniedFilterItself_isRefusedWith0x80(int level) {
        try (RawMqttClient sub = connected(herald.mqttPort(), level, clientId("sub"))) {
            sub.send(subscribe(1, "test/nosubscribe", 1)).expectPacket(suback(1, 0x80));
        }
    }

    private void receivesAllowedOnly(int level, String filter) {
        try (RawMqttClient sub = connected(herald.mqttPort(), level, clientId("sub"));
                RawMqttClient pub = connected(herald.mqttPort(), level, clientId("pub"))) {
            sub.send(subscribe(1, filter, 0)).expectPacket(suback(1, 0));
            pub.send(publish("test/nosubscribe", "hidden").toBytes(), publish("test/a", "shown").toBytes());
            roundTrip(pub);
            sub.expectPacket(publish("test/a", "shown").toBytes()).expectNothing(QUIET);
        }
    }
}
