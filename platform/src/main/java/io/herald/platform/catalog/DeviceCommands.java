package io.herald.platform.catalog;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The {@code thing_commands} table: queued commands and their progress. A command in a final state
 * ({@link CommandStatus#isFinal}) never changes again. Thread-safe; every method blocks.
 */
public final class DeviceCommands {

    private static final String COLUMNS = "command_id, thing_id, service_id, command_name, paras, status, created_at,"
            + " expires_at, sent_at, delivered_at, answered_at, response";
    private static final String OPEN = "status IN ('PENDING', 'SENT', 'DELIVERED')";

    private final Jdbi jdbi;

    DeviceCommands(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public void create(CommandRecord c) {
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO thing_commands (" + COLUMNS + ") VALUES (:id, :thing, :service,"
                        + " :name, :paras, :status, :created, :expires, NULL, NULL, NULL, NULL)")
                .bind("id", c.commandId()).bind("thing", c.thingId()).bindBySqlType("service", c.serviceId(), Types.VARCHAR)
                .bindBySqlType("name", c.commandName(), Types.VARCHAR).bind("paras", c.paras())
                .bind("status", c.status().name()).bind("created", c.createdAt().toEpochMilli())
                .bind("expires", c.expiresAt().toEpochMilli()).execute());
    }

    public Optional<CommandRecord> find(String thingId, String commandId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM thing_commands"
                        + " WHERE command_id = :id AND thing_id = :thing")
                .bind("id", commandId).bind("thing", thingId).map((rs, ctx) -> read(rs)).findOne());
    }

    /** The thing's commands that still wait to be delivered (PENDING or SENT) and have not expired, oldest first. */
    public List<CommandRecord> undelivered(String thingId, Instant now) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM thing_commands WHERE thing_id = :thing"
                        + " AND status IN ('PENDING', 'SENT') AND expires_at > :now ORDER BY created_at, command_id")
                .bind("thing", thingId).bind("now", now.toEpochMilli()).map((rs, ctx) -> read(rs)).list());
    }

    /**
     * Records that the command was published at {@code at}: DELIVERED when it was routed to a session of
     * the thing, SENT when not. An open command only; a delivered one stays delivered.
     *
     * @return false when the command is already over (or unknown)
     */
    public boolean published(String commandId, boolean routed, Instant at) {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE thing_commands SET sent_at = COALESCE(sent_at, :at),"
                        + (routed ? " status = 'DELIVERED', delivered_at = COALESCE(delivered_at, :at)"
                                : " status = CASE WHEN status = 'DELIVERED' THEN status ELSE 'SENT' END")
                        + " WHERE command_id = :id AND " + OPEN)
                .bind("at", at.toEpochMilli()).bind("id", commandId).execute()) == 1;
    }

    /**
     * Records the thing's answer to an open, unexpired command of that thing.
     *
     * @return false when there is no such open command (unknown, another thing's, over or expired)
     */
    public boolean answer(String thingId, String commandId, boolean succeeded, String response, Instant at) {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE thing_commands SET status = :status, answered_at = :at,"
                        + " response = :response WHERE command_id = :id AND thing_id = :thing AND " + OPEN
                        + " AND expires_at > :at")
                .bind("status", (succeeded ? CommandStatus.SUCCEEDED : CommandStatus.FAILED).name())
                .bind("at", at.toEpochMilli()).bind("response", response).bind("id", commandId).bind("thing", thingId)
                .execute()) == 1;
    }

    /** Marks every open command whose time to live has passed as EXPIRED; returns how many. */
    public int expire(Instant now) {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE thing_commands SET status = 'EXPIRED' WHERE " + OPEN
                + " AND expires_at <= :now").bind("now", now.toEpochMilli()).execute());
    }

    /** Removes commands that ended before {@code cutoff}; returns how many. */
    public int purge(Instant cutoff) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM thing_commands WHERE status IN ('SUCCEEDED', 'FAILED',"
                + " 'EXPIRED') AND expires_at < :cutoff").bind("cutoff", cutoff.toEpochMilli()).execute());
    }

    static void deleteThing(Handle h, String thingId) {
        h.createUpdate("DELETE FROM thing_commands WHERE thing_id = :thing").bind("thing", thingId).execute();
    }

    private static CommandRecord read(ResultSet rs) throws SQLException {
        return new CommandRecord(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                CommandStatus.valueOf(rs.getString(6)), Instant.ofEpochMilli(rs.getLong(7)),
                Instant.ofEpochMilli(rs.getLong(8)), instant(rs, 9), instant(rs, 10), instant(rs, 11), rs.getString(12));
    }

    static Instant instant(ResultSet rs, int column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(v);
    }
}
