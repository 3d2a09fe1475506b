package io.herald.platform.catalog;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

/** The {@code acl_entries} table: the ordered ACL of a token or a thing, written inside its owner's transaction. */
final class AclEntries {

    static final String TOKEN = "token";
    static final String THING = "thing";

    void replace(Handle h, String kind, String ownerId, List<AclRule> rules) {
        delete(h, kind, ownerId);
        if (rules.isEmpty()) {
            return;
        }
        PreparedBatch batch = h.prepareBatch("INSERT INTO acl_entries (owner_kind, owner_id, position, topic, publish,"
                + " subscribe) VALUES (:kind, :owner, :position, :topic, :publish, :subscribe)");
        for (int i = 0; i < rules.size(); i++) {
            AclRule r = rules.get(i);
            batch.bind("kind", kind).bind("owner", ownerId).bind("position", i).bind("topic", r.topic())
                    .bind("publish", r.publish() ? 1 : 0).bind("subscribe", r.subscribe() ? 1 : 0).add();
        }
        batch.execute();
    }

    void delete(Handle h, String kind, String ownerId) {
        h.createUpdate("DELETE FROM acl_entries WHERE owner_kind = :kind AND owner_id = :owner")
                .bind("kind", kind).bind("owner", ownerId).execute();
    }

    List<AclRule> of(Handle h, String kind, String ownerId) {
        return h.createQuery("SELECT topic, publish, subscribe FROM acl_entries WHERE owner_kind = :kind"
                        + " AND owner_id = :owner ORDER BY position")
                .bind("kind", kind).bind("owner", ownerId)
                .map((rs, ctx) -> new AclRule(rs.getString(1), rs.getInt(2) != 0, rs.getInt(3) != 0))
                .list();
    }

    private record OwnedRule(String ownerId, AclRule rule) {}

    /** The ACLs of several owners of one kind (all of them when {@code ownerIds} is null), by owner id. */
    Map<String, List<AclRule>> ofAll(Handle h, String kind, Collection<String> ownerIds) {
        Map<String, List<AclRule>> byOwner = new HashMap<>();
        if (ownerIds != null && ownerIds.isEmpty()) {
            return byOwner;
        }
        var query = ownerIds == null
                ? h.createQuery("SELECT owner_id, topic, publish, subscribe FROM acl_entries WHERE owner_kind = :kind"
                        + " ORDER BY owner_id, position")
                : h.createQuery("SELECT owner_id, topic, publish, subscribe FROM acl_entries WHERE owner_kind = :kind"
                        + " AND owner_id IN (<owners>) ORDER BY owner_id, position").bindList("owners", List.copyOf(ownerIds));
        for (OwnedRule r : query.bind("kind", kind).map((rs, ctx) -> new OwnedRule(rs.getString(1),
                new AclRule(rs.getString(2), rs.getInt(3) != 0, rs.getInt(4) != 0))).list()) {
            byOwner.computeIfAbsent(r.ownerId(), k -> new ArrayList<>()).add(r.rule());
        }
        return byOwner;
    }
}
