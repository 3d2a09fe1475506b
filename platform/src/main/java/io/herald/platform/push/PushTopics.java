package io.herald.platform.push;

import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/** The {@code push_topics} and {@code push_topic_subscriptions} tables. Thread-safe; every method blocks. */
public final class PushTopics {

    private final Jdbi jdbi;

    public PushTopics(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** False when it exists. */
    public boolean create(String topicId, Instant now) {
        return jdbi.withHandle(h -> h.createUpdate("INSERT INTO push_topics (topic_id, created_at) VALUES (:id, :now)"
                + " ON CONFLICT DO NOTHING").bind("id", topicId).bind("now", now.toEpochMilli()).execute()) == 1;
    }

    public boolean exists(String topicId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM push_topics WHERE topic_id = :id")
                .bind("id", topicId).mapTo(Integer.class).one()) > 0;
    }

    /** Deletes the topic and its subscriptions; false when there was none. */
    public boolean delete(String topicId) {
        return jdbi.inTransaction(h -> {
            h.createUpdate("DELETE FROM push_topic_subscriptions WHERE topic_id = :id").bind("id", topicId).execute();
            return h.createUpdate("DELETE FROM push_topics WHERE topic_id = :id").bind("id", topicId).execute() == 1;
        });
    }

    /** A page of topic ids in order. */
    public List<String> list(int offset, int limit) {
        return jdbi.withHandle(h -> h.createQuery("SELECT topic_id FROM push_topics ORDER BY topic_id"
                + " LIMIT :limit OFFSET :offset").bind("limit", limit).bind("offset", offset).mapTo(String.class).list());
    }

    /** False when already subscribed. */
    public boolean subscribe(String topicId, Owner owner, Instant now) {
        return jdbi.withHandle(h -> h.createUpdate("INSERT INTO push_topic_subscriptions (topic_id, owner_kind, owner_id,"
                        + " created_at) VALUES (:t, :k, :o, :now) ON CONFLICT DO NOTHING")
                .bind("t", topicId).bind("k", owner.kind()).bind("o", owner.id()).bind("now", now.toEpochMilli())
                .execute()) == 1;
    }

    /** False when not subscribed. */
    public boolean unsubscribe(String topicId, Owner owner) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM push_topic_subscriptions WHERE topic_id = :t"
                        + " AND owner_kind = :k AND owner_id = :o")
                .bind("t", topicId).bind("k", owner.kind()).bind("o", owner.id()).execute()) == 1;
    }

    public List<Owner> subscribers(String topicId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT owner_kind, owner_id FROM push_topic_subscriptions"
                        + " WHERE topic_id = :t").bind("t", topicId)
                .map((rs, ctx) -> new Owner(rs.getString(1), rs.getString(2))).list());
    }
}
