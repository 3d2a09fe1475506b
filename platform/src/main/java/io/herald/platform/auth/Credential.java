package io.herald.platform.auth;

import io.herald.platform.catalog.AclRule;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a verified credential stands for: who (kind and id, as the broker's Principal) and what it may
 * do over MQTT. Immutable.
 *
 * @param kind {@code token}, {@code thing} or {@code user}
 * @param allowAll every topic (an admin token); {@code acl} is then empty
 * @param acl the topics it may use, first match decides, nothing else allowed
 * @param expiresAt when it stops working, or null for never
 */
public record Credential(String kind, String id, boolean allowAll, List<AclRule> acl, Instant expiresAt) {

    public static final String TOKEN = "token";
    public static final String THING = "thing";
    public static final String USER = "user";

    public Credential {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(id, "id");
        acl = List.copyOf(acl);
    }

    /** The thing's own topics, which it may always use: {@code $oc/devices/{thingID}/#}. */
    public static AclRule ownThingTopics(String thingId) {
        return new AclRule("$oc/devices/" + thingId + "/#", true, true);
    }
}
