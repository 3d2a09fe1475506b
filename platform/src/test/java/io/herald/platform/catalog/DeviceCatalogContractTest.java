package io.herald.platform.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The device tables (properties, history, commands, presence), run against each database by a subclass. */
abstract class DeviceCatalogContractTest {

    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

    Catalog catalog;

    abstract CatalogSettings newLocation();

    @BeforeEach
    void open() {
        catalog = Catalog.open(newLocation());
        for (String id : List.of("pump-1", "pump-2")) {
            catalog.things().create(new ThingRecord(id, "d".repeat(64), null, null, null, List.of(), T0, T0));
        }
    }

    @AfterEach
    void close() {
        catalog.close();
    }

    private static PropertyValue value(String thing, String service, String property, String json, int second) {
        return new PropertyValue(thing, service, property, json, T0.plusSeconds(second), T0.plusSeconds(second));
    }

    @Test
    void write_keepsNewestAsLatest_andEveryValueInHistory() {
        DeviceProperties p = catalog.deviceProperties();
        p.write(List.of(value("pump-1", "meter", "temp", "20.5", 1), value("pump-1", "meter", "temp", "21", 2),
                value("pump-1", "meter", "on", "true", 1), value("pump-2", "meter", "temp", "5", 1)), 1);
        // an older event time arriving later does not replace the latest value
        p.write(List.of(value("pump-1", "meter", "temp", "19", 0)), 5);

        assertThat(p.latest("pump-1")).extracting(PropertyValue::property, PropertyValue::value)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("on", "true"),
                        org.assertj.core.groups.Tuple.tuple("temp", "21"));
        assertThat(p.history(new HistoryQuery("pump-1", "meter", "temp", null, null, 0, 10)))
                .extracting(PropertyValue::value).containsExactly("21", "20.5", "19");
        assertThat(p.history(new HistoryQuery("pump-1", null, null, T0.plusSeconds(1), T0.plusSeconds(1), 0, 10)))
                .extracting(PropertyValue::value).containsExactlyInAnyOrder("20.5", "true");
        assertThat(p.history(new HistoryQuery("pump-1", null, null, null, null, 1, 2))).hasSize(2);
        assertThat(p.maxSeq()).isEqualTo(5);
    }

    @Test
    void write_jsonValuesAndUnicodeRoundTrip() {
        String object = "{\"a\":[1,2,{\"b\":\"é€\"}]}";
        catalog.deviceProperties().write(List.of(value("pump-1", "s", "obj", object, 1)), 1);
        assertThat(catalog.deviceProperties().latest("pump-1").getFirst().value()).isEqualTo(object);
    }

    @Test
    void prune_keepsNewestCount() {
        DeviceProperties p = catalog.deviceProperties();
        List<PropertyValue> batch = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            batch.add(value("pump-1", "s", "v", Integer.toString(i), i));
        }
        batch.add(value("pump-2", "s", "v", "x", 0));
        p.write(batch, 1);

        assertThat(p.prune(List.of("pump-1"), 4)).isEqualTo(6);
        assertThat(p.history(new HistoryQuery("pump-1", null, null, null, null, 0, 100)))
                .extracting(PropertyValue::value).containsExactly("9", "8", "7", "6");
        assertThat(p.prune(List.of("pump-1"), 4)).isZero();
        assertThat(p.history(new HistoryQuery("pump-2", null, null, null, null, 0, 100))).hasSize(1);
        assertThat(p.prune(List.of("nobody"), 4)).isZero();
    }

    @Test
    void sweep_removesOldValuesAndThoseOfDeletedThings() {
        DeviceProperties p = catalog.deviceProperties();
        p.write(List.of(value("pump-1", "s", "v", "1", 0), value("pump-1", "s", "v", "2", 100),
                value("ghost", "s", "v", "3", 100)), 1);
        assertThat(p.sweep(T0.plusSeconds(50))).isEqualTo(3); // the old value, the ghost's history and latest
        assertThat(p.history(new HistoryQuery("pump-1", null, null, null, null, 0, 10)))
                .extracting(PropertyValue::value).containsExactly("2");
        assertThat(p.latest("ghost")).isEmpty();
    }

    @Test
    void deletingAThing_deletesItsDeviceRows() {
        catalog.deviceProperties().write(List.of(value("pump-1", "s", "v", "1", 0)), 1);
        catalog.commands().create(CommandRecord.pending("c1", "pump-1", "s", "reboot", "{}", T0, T0.plusSeconds(60)));
        catalog.presence().connected("pump-1", T0);
        assertThat(catalog.things().delete("pump-1")).isTrue();
        assertThat(catalog.deviceProperties().latest("pump-1")).isEmpty();
        assertThat(catalog.commands().find("pump-1", "c1")).isEmpty();
        assertThat(catalog.presence().find("pump-1")).isEmpty();
    }

    @Test
    void commands_lifecycle() {
        DeviceCommands c = catalog.commands();
        c.create(CommandRecord.pending("c1", "pump-1", "valve", "open", "{\"to\":1}", T0, T0.plusSeconds(60)));
        c.create(CommandRecord.pending("c2", "pump-1", null, null, "{}", T0.plusSeconds(1), T0.plusSeconds(60)));
        c.create(CommandRecord.pending("c3", "pump-1", null, null, "{}", T0, T0.plusSeconds(5)));
        assertThat(c.undelivered("pump-1", T0.plusSeconds(10))).extracting(CommandRecord::commandId)
                .containsExactly("c1", "c2");
        assertThat(c.find("pump-2", "c1")).isEmpty();

        assertThat(c.published("c1", false, T0.plusSeconds(2))).isTrue();
        assertThat(c.find("pump-1", "c1").orElseThrow().status()).isEqualTo(CommandStatus.SENT);
        assertThat(c.published("c1", true, T0.plusSeconds(3))).isTrue();
        CommandRecord delivered = c.find("pump-1", "c1").orElseThrow();
        assertThat(delivered.status()).isEqualTo(CommandStatus.DELIVERED);
        assertThat(delivered.sentAt()).isEqualTo(T0.plusSeconds(2));
        assertThat(delivered.deliveredAt()).isEqualTo(T0.plusSeconds(3));
        assertThat(c.published("c1", false, T0.plusSeconds(4))).isTrue();
        assertThat(c.find("pump-1", "c1").orElseThrow().status()).isEqualTo(CommandStatus.DELIVERED);

        assertThat(c.answer("pump-2", "c1", true, "{}", T0.plusSeconds(5))).isFalse();
        assertThat(c.answer("pump-1", "c1", true, "{\"result_code\":0}", T0.plusSeconds(5))).isTrue();
        assertThat(c.answer("pump-1", "c1", false, "{}", T0.plusSeconds(6))).isFalse();
        CommandRecord done = c.find("pump-1", "c1").orElseThrow();
        assertThat(done.status()).isEqualTo(CommandStatus.SUCCEEDED);
        assertThat(done.response()).isEqualTo("{\"result_code\":0}");
        assertThat(c.published("c1", true, T0.plusSeconds(7))).isFalse();

        assertThat(c.find("pump-1", "c3").orElseThrow().statusAt(T0.plusSeconds(5))).isEqualTo(CommandStatus.EXPIRED);
        assertThat(c.answer("pump-1", "c3", true, "{}", T0.plusSeconds(6))).isFalse();
        assertThat(c.expire(T0.plusSeconds(10))).isEqualTo(1);
        assertThat(c.find("pump-1", "c3").orElseThrow().status()).isEqualTo(CommandStatus.EXPIRED);
        assertThat(c.purge(T0.plusSeconds(61))).isEqualTo(2);
        assertThat(c.find("pump-1", "c2")).isPresent();
    }

    @Test
    void presence_recordsLastConnectAndDisconnect() {
        ThingPresence p = catalog.presence();
        assertThat(p.find("pump-1")).isEmpty();
        p.connected("pump-1", T0);
        p.disconnected("pump-1", T0.plusSeconds(5), "keep alive timeout");
        p.connected("pump-1", T0.plusSeconds(9));
        assertThat(p.find("pump-1")).contains(new PresenceRecord("pump-1", T0.plusSeconds(9), T0.plusSeconds(5),
                "keep alive timeout"));
        assertThat(p.findAll(List.of("pump-1", "pump-2"))).hasSize(1);
        assertThat(p.findAll(List.of())).isEmpty();
    }
}
