package io.herald.broker.store;

import static io.herald.broker.spec.SpecClients.CLOSE;
import static io.herald.broker.spec.SpecClients.connected;
import static io.herald.testkit.MqttPackets.MQTT_3_1_1;
import static io.herald.testkit.MqttPackets.connect;
import static io.herald.testkit.MqttPackets.disconnect;
import static io.herald.testkit.MqttPackets.suback;
import static io.herald.testkit.MqttPackets.subscribe;
import static org.assertj.core.api.Assertions.assertThat;

import io.herald.broker.auth.AclEntry;
import io.herald.broker.auth.Action;
import io.herald.broker.auth.Authorizer;
import io.herald.broker.auth.Permissions;
import io.herald.broker.publish.PublishRequest;
import io.herald.broker.store.rocks.Durability;
import io.herald.broker.store.rocks.RocksStore;
import io.herald.testkit.EmbeddedHerald;
import io.herald.testkit.RawMqttClient;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A session restored from the store after a restart has its subscriptions checked against its client's
 * current rights when the client reconnects: rules that changed while the broker was down apply.
 */
@Timeout(30)
class RestoredSessionRightsTest {

    @TempDir
    Path dir;
    private final AtomicReference<Permissions> acl = new AtomicReference<>(Permissions.ALLOW_ALL);
    private EmbeddedHerald herald;

    @AfterEach
    void stop() {
        herald.stop();
    }

    @Test
    void restoredSession_subscriptionNoLongerAllowed_removedWhenTheClientReconnects() throws Exception {
        herald = EmbeddedHerald.create().authorizer(Authorizer.of(acl::get))
                .store(() -> RocksStore.open(dir, Durability.SYNC, Clock.systemUTC()));
        herald.start();
        try (RawMqttClient c = connected(herald.mqttPort(), connect(MQTT_3_1_1, "restored").clean(false), false)) {
            c.send(subscribe(1, "a/#", 1)).expectPacket(suback(1, 1));
            c.send(subscribe(2, "b/#", 1)).expectPacket(suback(2, 1));
            c.send(disconnect()).expectClosed(CLOSE);
        }
        herald.stop();
        acl.set(Permissions.of(List.of(AclEntry.deny("a/#", Action.SUBSCRIBE),
                AclEntry.allow("#", Action.SUBSCRIBE, Action.PUBLISH))));
        herald.start();
        try (RawMqttClient c = connected(herald.mqttPort(), connect(MQTT_3_1_1, "restored").clean(false), true)) {
            assertThat(publish("a/x")).as("a/# no longer allowed").isZero();
            assertThat(publish("b/x")).isOne();
        }
    }

    private int publish(String topic) throws Exception {
        return herald.broker().publish(PublishRequest.builder(topic, new byte[] {1}).build())
                .toCompletableFuture().get(5, TimeUnit.SECONDS).matched();
    }
}
