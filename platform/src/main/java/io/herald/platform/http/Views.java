package io.herald.platform.http;

import io.herald.platform.ErrorCode;
import io.herald.platform.PlatformException;
import io.herald.platform.catalog.AclRule;
import io.herald.platform.catalog.ThingRecord;
import io.herald.platform.catalog.TokenRecord;
import io.herald.platform.catalog.UserRecord;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/** The JSON shapes of docs/openapi.yaml, to and from the catalog's records. Stateless. */
final class Views {

    private Views() {}

    static JsonObject user(UserRecord u) {
        return new JsonObject().put("userID", u.userId()).put("username", u.username())
                .put("created", u.createdAt().getEpochSecond());
    }

    static JsonObject thing(ThingRecord t) {
        JsonObject o = new JsonObject().put("thingID", t.thingId()).put("acl", acl(t.acl()))
                .put("created", t.createdAt().getEpochSecond());
        if (t.info() != null) {
            try {
                o.put("info", new JsonObject(t.info()));
            } catch (DecodeException e) {
                o.put("info", new JsonObject().put("text", t.info()));
            }
        }
        if (t.certFingerprint() != null) {
            o.put("certFingerprint", t.certFingerprint());
        }
        return o;
    }

    static JsonObject token(TokenRecord t) {
        JsonObject o = new JsonObject().put("id", t.tokenId()).put("admin", t.admin()).put("api", t.api())
                .put("acl", acl(t.acl())).put("created", t.createdAt().getEpochSecond());
        if (t.info() != null) {
            o.put("info", t.info());
        }
        if (t.ttlSeconds() != null) {
            o.put("ttl", t.ttlSeconds());
        }
        if (t.expiresAt() != null) {
            o.put("expires", t.expiresAt().getEpochSecond());
        }
        return o;
    }

    static JsonArray acl(List<AclRule> rules) {
        JsonArray a = new JsonArray();
        for (AclRule r : rules) {
            JsonArray actions = new JsonArray();
            if (r.publish()) {
                actions.add("publish");
            }
            if (r.subscribe()) {
                actions.add("subscribe");
            }
            a.add(new JsonObject().put("topic", r.topic()).put("actions", actions));
        }
        return a;
    }

    /**
     * The ACL of a request (already shaped by the schema), or null when absent.
     *
     * @throws PlatformException INVALID_ACL with the entry and reason
     */
    static List<AclRule> aclFrom(JsonArray array) {
        if (array == null) {
            return null;
        }
        List<AclRule> rules = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            JsonObject entry = array.getJsonObject(i);
            JsonArray actions = entry.getJsonArray("actions");
            try {
                rules.add(new AclRule(entry.getString("topic"), actions.contains("publish"), actions.contains("subscribe")));
            } catch (IllegalArgumentException e) {
                throw new PlatformException(ErrorCode.INVALID_ACL, "acl[" + i + "]: " + e.getMessage());
            }
        }
        return rules;
    }
}
