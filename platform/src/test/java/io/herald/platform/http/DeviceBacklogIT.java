package io.herald.platform.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.platform.device.DeviceSettings;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The property writer's bounded backlog over real MQTT 5: while the catalog is locked (another connection
 * holds SQLite's write lock, so the writer waits), reports beyond the backlog are refused with PUBACK 0x97,
 * and every report acknowledged with 0x00 is stored once the lock goes: nothing acknowledged is lost,
 * nothing refused is stored.
 */
@Timeout(60)
class DeviceBacklogIT {

    private static final int BACKLOG = 4;
    private static final int REPORTS = 40;

    @TempDir
    Path dir;

    private DeviceFixture f;

    @BeforeEach
    void start() throws Exception {
        DeviceSettings d = DeviceSettings.defaults();
        f = new DeviceFixture(dir, new DeviceSettings(10_000, Duration.ofDays(1), BACKLOG, 1, d.commandTimeout(),
                d.maxCommandTimeout(), d.queuedTtl(), d.maxQueuedTtl()));
    }

    @AfterEach
    void stop() {
        f.close();
    }

    @Test
    void backlogFull_puback0x97_everyAcknowledgedReportStored() throws Exception {
        // the busy timeout of the writer's connection is 10 s: the lock is held well below that
        publishWhileLocked(() -> true);
    }

    @Test
    void catalogRefusesTheWrite_theBatchIsTriedAgain_nothingAcknowledgedLost() throws Exception {
        // the lock outlasts the writer's 10 s busy timeout: its write fails, and is tried again once free
        publishWhileLocked(() -> f.failedWrites() > 0);
    }

    /** Publishes REPORTS reports while another connection holds SQLite's write lock until {@code release}. */
    private void publishWhileLocked(Callable<Boolean> release) throws Exception {
        String id = "pump-" + System.nanoTime();
        f.thing(id, "secret-of-" + id);
        MqttAsyncClient c = new MqttAsyncClient(f.broker.tcpUri(), id, new MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setUserName(id);
        o.setPassword(("secret-of-" + id).getBytes(StandardCharsets.UTF_8));
        c.connect(o).waitForCompletion(5_000);

        Set<Integer> accepted = new TreeSet<>();
        Set<Integer> refused = new TreeSet<>();
        try (Connection lock = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("catalog.db"));
                Statement s = lock.createStatement()) {
            s.execute("BEGIN EXCLUSIVE");
            List<IMqttToken> tokens = new ArrayList<>();
            for (int i = 0; i < REPORTS; i++) {
                tokens.add(c.publish("$oc/devices/" + id + "/sys/properties/report", new MqttMessage(
                        ("{\"services\":[{\"service_id\":\"s\",\"properties\":{\"n\":" + i + "}}]}")
                                .getBytes(StandardCharsets.UTF_8), 1, false, null)));
                int reason = reasonOf(tokens.getLast());
                if (reason < 0x80) { // 0x10 when nobody subscribes: accepted all the same [MQTT-3.4.2.1]
                    accepted.add(i);
                } else {
                    assertThat(reason).as("report %d", i).isEqualTo(0x97);
                    refused.add(i);
                }
            }
            await().atMost(Duration.ofSeconds(30)).until(release);
            s.execute("ROLLBACK");
        }
        // the writer holds one report, the backlog BACKLOG more: the rest is refused
        assertThat(accepted).hasSizeLessThanOrEqualTo(BACKLOG + 1).contains(0);
        assertThat(refused).hasSize(REPORTS - accepted.size());
        assertThat(f.refused("properties_report", "backlog")).isEqualTo(refused.size());

        await().atMost(Duration.ofSeconds(20)).until(() -> stored(id).size() == accepted.size());
        assertThat(stored(id)).isEqualTo(accepted);
        JsonObject latest = f.rest.get("/api/things/" + id + "/properties", DeviceFixture.ADMIN).json();
        assertThat(latest.getJsonArray("services").getJsonObject(0).getJsonObject("properties").getJsonObject("n")
                .getInteger("value")).isEqualTo(((TreeSet<Integer>) accepted).last());

        // room again: the next report is acknowledged and stored
        assertThat(reasonOf(c.publish("$oc/devices/" + id + "/sys/properties/report", new MqttMessage(
                "{\"services\":[{\"service_id\":\"s\",\"properties\":{\"n\":1000}}]}".getBytes(StandardCharsets.UTF_8),
                1, false, null)))).isLessThan(0x80);
        await().atMost(Duration.ofSeconds(20)).until(() -> stored(id).contains(1000));
        c.disconnect().waitForCompletion(5_000);
        c.close();
    }

    private Set<Integer> stored(String id) {
        Set<Integer> values = new TreeSet<>();
        f.rest.get("/api/things/" + id + "/properties/history?limit=1000", DeviceFixture.ADMIN).json()
                .getJsonArray("values").forEach(v -> values.add(((JsonObject) v).getInteger("value")));
        return values;
    }

    private static int reasonOf(IMqttToken token) {
        try {
            token.waitForCompletion(5_000);
            return token.getReasonCodes()[0];
        } catch (MqttException e) {
            return e.getReasonCode();
        }
    }
}
