package io.herald.platform.catalog;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.Query;

/**
 * The {@code thing_properties} (latest value per property) and {@code property_history} tables.
 * Written in batches by one writer (the platform's property writer), read by the REST API. Thread-safe;
 * every method blocks.
 */
public final class DeviceProperties {

    private static final String COLUMNS = "thing_id, service_id, property, value, event_time, received_at";

    private final Jdbi jdbi;

    DeviceProperties(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /**
     * Stores a batch in one transaction: every value into the history (sequence numbers from {@code
     * firstSeq} on, in batch order) and the newest of each property as its latest value (an older event
     * time never replaces a newer one).
     */
    public void write(List<PropertyValue> batch, long firstSeq) {
        if (batch.isEmpty()) {
            return;
        }
        jdbi.useTransaction(h -> {
            PreparedBatch history = h.prepareBatch("INSERT INTO property_history (seq, " + COLUMNS + ")"
                    + " VALUES (:seq, :thing, :service, :property, :value, :event, :received)");
            long seq = firstSeq;
            for (PropertyValue v : batch) {
                bind(history, v).bind("seq", seq++).add();
            }
            history.execute();
            // one row per key: PostgreSQL refuses a multi-row upsert that touches a row twice
            PreparedBatch latest = h.prepareBatch("INSERT INTO thing_properties (" + COLUMNS + ")"
                    + " VALUES (:thing, :service, :property, :value, :event, :received)"
                    + " ON CONFLICT (thing_id, service_id, property) DO UPDATE SET value = excluded.value,"
                    + " event_time = excluded.event_time, received_at = excluded.received_at"
                    + " WHERE excluded.event_time >= thing_properties.event_time");
            for (PropertyValue v : newestPerProperty(batch)) {
                bind(latest, v).add();
            }
            latest.execute();
        });
    }

    private static List<PropertyValue> newestPerProperty(List<PropertyValue> batch) {
        Map<List<String>, PropertyValue> newest = new LinkedHashMap<>();
        for (PropertyValue v : batch) {
            newest.merge(List.of(v.thingId(), v.serviceId(), v.property()), v, (a, b) -> b.newerThan(a) ? b : a);
        }
        return new ArrayList<>(newest.values());
    }

    private static PreparedBatch bind(PreparedBatch b, PropertyValue v) {
        return b.bind("thing", v.thingId()).bind("service", v.serviceId()).bind("property", v.property())
                .bind("value", v.value()).bind("event", v.eventTime().toEpochMilli())
                .bind("received", v.receivedAt().toEpochMilli());
    }

    /** The latest value of every property of the thing, by service then property. */
    public List<PropertyValue> latest(String thingId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM thing_properties WHERE thing_id = :thing"
                        + " ORDER BY service_id, property")
                .bind("thing", thingId).map((rs, ctx) -> read(rs)).list());
    }

    /** A page of the thing's history, newest event first. */
    public List<PropertyValue> history(HistoryQuery q) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM property_history WHERE thing_id = :thing");
        if (q.serviceId() != null) {
            sql.append(" AND service_id = :service");
        }
        if (q.property() != null) {
            sql.append(" AND property = :property");
        }
        if (q.from() != null) {
            sql.append(" AND event_time >= :from");
        }
        if (q.to() != null) {
            sql.append(" AND event_time <= :to");
        }
        sql.append(" ORDER BY event_time DESC, seq DESC LIMIT :limit OFFSET :offset");
        return jdbi.withHandle(h -> {
            Query query = h.createQuery(sql.toString()).bind("thing", q.thingId()).bind("limit", q.limit())
                    .bind("offset", q.offset());
            if (q.serviceId() != null) {
                query.bind("service", q.serviceId());
            }
            if (q.property() != null) {
                query.bind("property", q.property());
            }
            if (q.from() != null) {
                query.bind("from", q.from().toEpochMilli());
            }
            if (q.to() != null) {
                query.bind("to", q.to().toEpochMilli());
            }
            return query.map((rs, ctx) -> read(rs)).list();
        });
    }

    /** The highest history sequence number, 0 when the history is empty: where the writer continues. */
    public long maxSeq() {
        return jdbi.withHandle(h -> h.createQuery("SELECT MAX(seq) FROM property_history")
                .mapTo(Long.class).findOne().orElse(0L));
    }

    /**
     * Bounds the history of each thing to its newest {@code keep} values, in one transaction. Cheap: each
     * delete walks only the thing's {@code (thing_id, seq)} index; the age bound is {@link #sweep}'s.
     *
     * @return how many values were removed
     */
    public int prune(List<String> thingIds, int keep) {
        return jdbi.inTransaction(h -> {
            int removed = 0;
            for (String thing : thingIds) {
                removed += h.createUpdate("DELETE FROM property_history WHERE thing_id = :thing AND seq <= ("
                                + "SELECT seq FROM property_history WHERE thing_id = :thing ORDER BY seq DESC"
                                + " LIMIT 1 OFFSET :keep)")
                        .bind("thing", thing).bind("keep", keep).execute();
            }
            return removed;
        });
    }

    /**
     * Removes every value received before {@code cutoff}, and the history and latest values of things
     * that no longer exist.
     *
     * @return how many rows were removed
     */
    public int sweep(Instant cutoff) {
        return jdbi.inTransaction(h -> h.createUpdate("DELETE FROM property_history WHERE received_at < :cutoff")
                .bind("cutoff", cutoff.toEpochMilli()).execute()
                + h.createUpdate("DELETE FROM property_history WHERE thing_id NOT IN (SELECT thing_id FROM things)").execute()
                + h.createUpdate("DELETE FROM thing_properties WHERE thing_id NOT IN (SELECT thing_id FROM things)").execute());
    }

    /** Removes everything stored about the thing's properties, inside the thing's deletion. */
    static void deleteThing(Handle h, String thingId) {
        h.createUpdate("DELETE FROM property_history WHERE thing_id = :thing").bind("thing", thingId).execute();
        h.createUpdate("DELETE FROM thing_properties WHERE thing_id = :thing").bind("thing", thingId).execute();
    }

    private static PropertyValue read(ResultSet rs) throws SQLException {
        return new PropertyValue(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                Instant.ofEpochMilli(rs.getLong(5)), Instant.ofEpochMilli(rs.getLong(6)));
    }
}
