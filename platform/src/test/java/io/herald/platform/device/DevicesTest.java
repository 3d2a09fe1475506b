package io.herald.platform.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.herald.broker.auth.Principal;
import io.herald.platform.ErrorCode;
import io.herald.platform.PlatformException;
import io.herald.platform.catalog.Catalog;
import io.herald.platform.catalog.CatalogSettings;
import io.herald.platform.catalog.CommandRecord;
import io.herald.platform.catalog.CommandStatus;
import io.herald.platform.catalog.HistoryQuery;
import io.herald.platform.catalog.PropertyValue;
import io.herald.platform.catalog.ThingRecord;
import io.herald.broker.auth.ClientIdentity;
import io.herald.broker.auth.Permissions;
import io.herald.broker.publish.InboundPublish;
import io.herald.broker.publish.PublishRequest;
import io.herald.broker.publish.PublishVerdict;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The device side against a fake broker and a SQLite catalog: the logic without sockets. */
@Timeout(30)
class DevicesTest {

    private static final Principal PUMP = new Principal(Principal.KIND_THING, "pump-1");

    @TempDir
    Path dir;

    private Catalog catalog;
    private FakeBroker broker;
    private Devices devices;

    @BeforeEach
    void start() {
        catalog = Catalog.open(CatalogSettings.sqlite(dir.resolve("catalog.db")));
        Instant t = Instant.now();
        for (String id : List.of("pump-1", "pump-2")) {
            catalog.things().create(new ThingRecord(id, "d".repeat(64), null, null, null, List.of(), t, t));
        }
        broker = new FakeBroker();
        devices = Devices.start(DeviceSettings.defaults(), catalog, broker, new SimpleMeterRegistry(), Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        devices.close();
        catalog.close();
    }

    private PublishVerdict publish(Principal who, String topic, String payload) {
        return broker.inbound(inbound(who, topic, payload.getBytes(StandardCharsets.UTF_8), null));
    }

    private static InboundPublish inbound(Principal who, String topic, byte[] payload, byte[] correlationData) {
        ClientIdentity identity = new ClientIdentity("c-" + who.id(), who.id(), who, Permissions.ALLOW_ALL, null);
        return new InboundPublish(identity, 5, topic, payload, 1, false, null, null, null, null, correlationData, List.of());
    }

    @Test
    void registersTheHuaweiFilters() {
        assertThat(broker.filters).containsExactly("$oc/devices/+/sys/properties/report",
                "$oc/devices/+/sys/commands/response/#", "$oc/devices/+/sys/messages/up");
    }

    @Test
    void report_storedAsLatestAndHistory() {
        PublishVerdict v = publish(PUMP, "$oc/devices/pump-1/sys/properties/report",
                "{\"services\":[{\"service_id\":\"smokeDetector\",\"properties\":{\"alarm\":1,\"temperature\":12.5},"
                        + "\"event_time\":\"20261122T101500Z\"},{\"service_id\":\"meta\",\"properties\":{\"fw\":\"1.2\"},"
                        + "\"event_time\":null}]}");
        assertThat(v.accepted()).isTrue();
        await().until(() -> devices.latest("pump-1").size() == 3);
        PropertyValue temp = devices.latest("pump-1").stream().filter(p -> p.property().equals("temperature"))
                .findFirst().orElseThrow();
        assertThat(temp.value()).isEqualTo("12.5");
        assertThat(temp.eventTime()).isEqualTo(Instant.parse("2026-11-22T10:15:00Z"));
        assertThat(devices.history(new HistoryQuery("pump-1", "meta", "fw", null, null, 0, 10)))
                .extracting(PropertyValue::value).containsExactly("\"1.2\"");
    }

    @Test
    void malformedReports_refused0x99_nothingStored() {
        for (String bad : List.of("not json", "[]", "{}", "{\"services\":[]}", "{\"services\":[{\"properties\":{\"a\":1}}]}",
                "{\"services\":[{\"service_id\":\"s\",\"properties\":{}}]}",
                "{\"services\":[{\"service_id\":\"s\",\"properties\":{\"a\":1},\"event_time\":\"yesterday\"}]}",
                "{\"services\":[{\"service_id\":\"s\",\"properties\":{\"a\":1,\"a\":2}}]}")) {
            assertThat(publish(PUMP, "$oc/devices/pump-1/sys/properties/report", bad).reasonCode())
                    .as(bad).isEqualTo(PublishVerdict.PAYLOAD_FORMAT_INVALID);
        }
        publish(PUMP, "$oc/devices/pump-1/sys/properties/report",
                "{\"services\":[{\"service_id\":\"marker\",\"properties\":{\"m\":1}}]}");
        await().until(() -> !devices.latest("pump-1").isEmpty());
        assertThat(devices.latest("pump-1")).extracting(PropertyValue::serviceId).containsOnly("marker");
    }

    @Test
    void reportForAnotherThing_refused0x87() {
        String report = "{\"services\":[{\"service_id\":\"s\",\"properties\":{\"a\":1}}]}";
        assertThat(publish(PUMP, "$oc/devices/pump-2/sys/properties/report", report).reasonCode())
                .isEqualTo(PublishVerdict.NOT_AUTHORIZED);
        assertThat(publish(new Principal(Principal.KIND_TOKEN, "pump-2"), "$oc/devices/pump-2/sys/properties/report",
                report).reasonCode()).isEqualTo(PublishVerdict.NOT_AUTHORIZED);
    }

    @Test
    void syncCommand_offline_thingOffline() {
        assertThatThrownBy(() -> devices.commands().invoke("pump-1", new CommandSpec("s", "c", "{}"),
                Duration.ofSeconds(5)).toCompletableFuture().join())
                .hasCauseInstanceOf(PlatformException.class).hasMessageContaining("not connected");
        assertThat(broker.published).isEmpty();
    }

    @Test
    void syncCommand_answeredOnHuaweiTopic() {
        broker.connected("pump-1_0_0_2026112210", PUMP, Instant.now());
        CompletableFuture<Commands.Answered> f = devices.commands().invoke("pump-1",
                new CommandSpec("smokeDetector", "SILENCE", "{\"value\":1}"), Duration.ofSeconds(5)).toCompletableFuture();
        PublishRequest sent = broker.published.getFirst();
        String id = sent.topic().substring(sent.topic().indexOf("request_id=") + "request_id=".length());
        assertThat(sent.topic()).isEqualTo("$oc/devices/pump-1/sys/commands/request_id=" + id);
        assertThat(new String(sent.payload(), StandardCharsets.UTF_8)).isEqualTo("{\"object_device_id\":\"pump-1\","
                + "\"service_id\":\"smokeDetector\",\"command_name\":\"SILENCE\",\"paras\":{\"value\":1}}");
        assertThat(sent.responseTopic()).isEqualTo("$oc/devices/pump-1/sys/commands/response");
        assertThat(new String(sent.correlationData(), StandardCharsets.UTF_8)).isEqualTo(id);
        // another thing cannot answer it
        assertThat(publish(new Principal(Principal.KIND_THING, "pump-2"),
                "$oc/devices/pump-2/sys/commands/response/request_id=" + id, "{\"result_code\":0}").accepted()).isTrue();
        assertThat(f).isNotDone();

        assertThat(publish(PUMP, "$oc/devices/pump-1/sys/commands/response/request_id=" + id,
                "{\"result_code\":0,\"response_name\":\"SILENCE\",\"paras\":{\"ok\":true}}").accepted()).isTrue();
        Commands.Answered answered = f.join();
        assertThat(answered.commandId()).isEqualTo(id);
        assertThat(answered.answer().json()).isEqualTo("{\"result_code\":0,\"response_name\":\"SILENCE\",\"paras\":{\"ok\":true}}");
    }

    @Test
    void syncCommand_answeredByCorrelationData() {
        broker.connected("pump-1", PUMP, Instant.now());
        CompletableFuture<Commands.Answered> f = devices.commands().invoke("pump-1", new CommandSpec(null, null, "{}"),
                Duration.ofSeconds(5)).toCompletableFuture();
        PublishRequest sent = broker.published.getFirst();
        PublishVerdict v = broker.inbound(inbound(PUMP, sent.responseTopic(), "{\"result_code\":3}".getBytes(),
                sent.correlationData()));
        assertThat(v.accepted()).isTrue();
        assertThat(f.join().answer().succeeded()).isFalse();
        // an answer that names no command is refused
        assertThat(broker.inbound(inbound(PUMP, sent.responseTopic(), "{}".getBytes(), null)).reasonCode())
                .isEqualTo(PublishVerdict.PAYLOAD_FORMAT_INVALID);
    }

    @Test
    void syncCommand_noAnswer_timesOut() {
        broker.connected("pump-1", PUMP, Instant.now());
        assertThatThrownBy(() -> devices.commands().invoke("pump-1", new CommandSpec(null, null, "{}"),
                Duration.ofMillis(300)).toCompletableFuture().join())
                .isInstanceOf(CompletionException.class)
                .satisfies(e -> assertThat(((PlatformException) e.getCause()).code()).isEqualTo(ErrorCode.COMMAND_TIMEOUT));
    }

    @Test
    void syncCommand_connectedButNotSubscribed_thingOffline() {
        broker.connected("pump-1", PUMP, Instant.now());
        broker.matched = 0;
        assertThatThrownBy(() -> devices.commands().invoke("pump-1", new CommandSpec(null, null, "{}"),
                Duration.ofSeconds(5)).toCompletableFuture().join())
                .satisfies(e -> assertThat(((PlatformException) e.getCause()).code()).isEqualTo(ErrorCode.THING_OFFLINE));
    }

    @Test
    void queuedCommand_deliveredOnConnect_thenSucceeded() {
        CommandRecord c = devices.commands().queue("pump-1", new CommandSpec("s", "reboot", "{}"), Duration.ofMinutes(5));
        assertThat(devices.commands().get("pump-1", c.commandId()).status()).isEqualTo(CommandStatus.PENDING);
        assertThat(broker.published).isEmpty();

        broker.connected("pump-1", PUMP, Instant.now());
        await().until(() -> devices.commands().get("pump-1", c.commandId()).status() == CommandStatus.DELIVERED);
        assertThat(broker.published).extracting(PublishRequest::topic)
                .containsExactly("$oc/devices/pump-1/sys/commands/request_id=" + c.commandId());

        publish(PUMP, "$oc/devices/pump-1/sys/commands/response/request_id=" + c.commandId(), "{\"result_code\":0}");
        await().until(() -> devices.commands().get("pump-1", c.commandId()).status() == CommandStatus.SUCCEEDED);
        assertThat(devices.commands().get("pump-1", c.commandId()).response()).isEqualTo("{\"result_code\":0}");
    }

    @Test
    void queuedCommand_notSubscribedYet_sentThenRetried() {
        broker.matched = 0;
        broker.connected("pump-1", PUMP, Instant.now());
        CommandRecord c = devices.commands().queue("pump-1", new CommandSpec(null, null, "{}"), Duration.ofMinutes(5));
        await().until(() -> devices.commands().get("pump-1", c.commandId()).status() == CommandStatus.SENT);
        broker.matched = 1;
        await().atMost(Duration.ofSeconds(5))
                .until(() -> devices.commands().get("pump-1", c.commandId()).status() == CommandStatus.DELIVERED);
    }

    @Test
    void queuedCommand_expires() {
        CommandRecord c = devices.commands().queue("pump-1", new CommandSpec(null, null, "{}"), Duration.ofMillis(200));
        await().until(() -> devices.commands().get("pump-1", c.commandId()).status() == CommandStatus.EXPIRED);
        broker.connected("pump-1", PUMP, Instant.now());
        publish(PUMP, "$oc/devices/pump-1/sys/commands/response/request_id=" + c.commandId(), "{\"result_code\":0}");
        await().during(Duration.ofMillis(300)).until(() -> devices.commands().get("pump-1", c.commandId()).status()
                == CommandStatus.EXPIRED);
        assertThat(broker.published).isEmpty();
    }

    @Test
    void presence_countsConnectionsPerClientId() {
        Instant t = Instant.parse("2026-11-22T10:00:00Z");
        broker.connected("a", PUMP, t);
        broker.connected("a", PUMP, t.plusSeconds(1)); // a takeover: the new one starts first
        broker.disconnected("a", PUMP, "session taken over", t.plusSeconds(1));
        assertThat(devices.online("pump-1")).isTrue();
        broker.disconnected("a", PUMP, "keep alive timeout", t.plusSeconds(2));
        assertThat(devices.online("pump-1")).isFalse();
        assertThat(devices.status("pump-1")).isEqualTo(new ThingStatus(false, t.plusSeconds(1), t.plusSeconds(2),
                "keep alive timeout"));
        broker.connected("b", new Principal(Principal.KIND_TOKEN, "pump-2"), t);
        assertThat(devices.onlineThings()).isEmpty();
        await().until(() -> catalog.presence().find("pump-1").map(p -> "keep alive timeout".equals(
                p.lastDisconnectReason())).orElse(false));
    }
}
