package io.herald.platform.catalog;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** The {@code thing_presence} table: last connect and disconnect of each thing. Thread-safe; every method blocks. */
public final class ThingPresence {

    private final Jdbi jdbi;

    ThingPresence(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public void connected(String thingId, Instant at) {
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO thing_presence (thing_id, last_connected_at) VALUES (:thing, :at)"
                        + " ON CONFLICT (thing_id) DO UPDATE SET last_connected_at = excluded.last_connected_at")
                .bind("thing", thingId).bind("at", at.toEpochMilli()).execute());
    }

    public void disconnected(String thingId, Instant at, String reason) {
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO thing_presence (thing_id, last_disconnected_at,"
                        + " last_disconnect_reason) VALUES (:thing, :at, :reason) ON CONFLICT (thing_id) DO UPDATE SET"
                        + " last_disconnected_at = excluded.last_disconnected_at,"
                        + " last_disconnect_reason = excluded.last_disconnect_reason")
                .bind("thing", thingId).bind("at", at.toEpochMilli()).bind("reason", reason).execute());
    }

    public Optional<PresenceRecord> find(String thingId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT thing_id, last_connected_at, last_disconnected_at,"
                        + " last_disconnect_reason FROM thing_presence WHERE thing_id = :thing")
                .bind("thing", thingId).map((rs, ctx) -> read(rs)).findOne());
    }

    /** The records of these things (those that have one). */
    public List<PresenceRecord> findAll(List<String> thingIds) {
        if (thingIds.isEmpty()) {
            return List.of();
        }
        return jdbi.withHandle(h -> h.createQuery("SELECT thing_id, last_connected_at, last_disconnected_at,"
                        + " last_disconnect_reason FROM thing_presence WHERE thing_id IN (<things>)")
                .bindList("things", thingIds).map((rs, ctx) -> read(rs)).list());
    }

    static void deleteThing(Handle h, String thingId) {
        h.createUpdate("DELETE FROM thing_presence WHERE thing_id = :thing").bind("thing", thingId).execute();
    }

    private static PresenceRecord read(ResultSet rs) throws SQLException {
        return new PresenceRecord(rs.getString(1), DeviceCommands.instant(rs, 2), DeviceCommands.instant(rs, 3),
                rs.getString(4));
    }
}
