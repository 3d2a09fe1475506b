package io.herald.platform.device;

import io.herald.broker.auth.Principal;
import io.herald.platform.catalog.PresenceRecord;
import io.herald.platform.catalog.ThingPresence;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which things are online, from the broker's session events: a thing is online while at least one
 * connection that logged in as it is open (a thing may hold several client ids, and a takeover ends
 * an old connection after the new one started, so connections are counted per client id). The last
 * connect and disconnect are kept in memory and written to the catalog off the event thread.
 *
 * <p>Threads: {@link #connected} and {@link #disconnected} run on the broker's session-event thread, the only
 * writer of {@code things}; reads from any thread see a consistent {@link Status} (immutable, swapped
 * whole). Catalog writes run on the device executor.
 */
final class Presence {

    /**
     * What is known of a thing's connections. Immutable.
     *
     * @param connections open connections per client id
     */
    record Status(Map<String, Integer> connections, Instant lastConnectedAt, Instant lastDisconnectedAt,
            String lastDisconnectReason) {

        static final Status NONE = new Status(Map.of(), null, null, null);

        boolean online() {
            return !connections.isEmpty();
        }
    }

    private static final Logger log = LoggerFactory.getLogger(Presence.class);

    private final ConcurrentHashMap<String, Status> things = new ConcurrentHashMap<>();
    private final ThingPresence table;
    private final Executor work;

    /** @param work where catalog writes run */
    Presence(ThingPresence table, Executor work) {
        this.table = table;
        this.work = work;
    }

    void connected(String clientId, Principal principal, int protocolLevel, Instant at) {
        if (!Principal.KIND_THING.equals(principal.kind())) {
            return;
        }
        String thing = principal.id();
        things.compute(thing, (id, s) -> {
            Status old = s == null ? Status.NONE : s;
            Map<String, Integer> connections = new HashMap<>(old.connections());
            connections.merge(clientId, 1, Integer::sum);
            return new Status(Map.copyOf(connections), at, old.lastDisconnectedAt(), old.lastDisconnectReason());
        });
        work.execute(() -> persist(() -> table.connected(thing, at)));
    }

    void disconnected(String clientId, Principal principal, String reason, Instant at) {
        if (!Principal.KIND_THING.equals(principal.kind())) {
            return;
        }
        String thing = principal.id();
        things.compute(thing, (id, s) -> {
            Status old = s == null ? Status.NONE : s;
            Map<String, Integer> connections = new HashMap<>(old.connections());
            connections.computeIfPresent(clientId, (c, n) -> n > 1 ? n - 1 : null);
            return new Status(Map.copyOf(connections), old.lastConnectedAt(), at, reason);
        });
        work.execute(() -> persist(() -> table.disconnected(thing, at, reason)));
    }

    private static void persist(Runnable write) {
        try {
            write.run();
        } catch (RuntimeException e) {
            log.warn("presence not recorded in the catalog: {}", e.toString());
        }
    }

    boolean online(String thingId) {
        Status s = things.get(thingId);
        return s != null && s.online();
    }

    /** Online things, in id order. */
    List<String> onlineThings() {
        return things.entrySet().stream().filter(e -> e.getValue().online()).map(Map.Entry::getKey).sorted().toList();
    }

    int onlineCount() {
        return (int) things.values().stream().filter(Status::online).count();
    }

    /** What is known of the thing: this run's events, else the catalog's record (blocks on the catalog then). */
    ThingStatus status(String thingId) {
        Status s = things.get(thingId);
        if (s != null) {
            return new ThingStatus(s.online(), s.lastConnectedAt(), s.lastDisconnectedAt(), s.lastDisconnectReason());
        }
        Optional<PresenceRecord> r = table.find(thingId);
        return r.map(p -> new ThingStatus(false, p.lastConnectedAt(), p.lastDisconnectedAt(), p.lastDisconnectReason()))
                .orElse(ThingStatus.NEVER);
    }

    /** As {@link #status}, for several things with one catalog query. */
    Map<String, ThingStatus> statuses(List<String> thingIds) {
        Map<String, ThingStatus> out = new HashMap<>();
        List<String> unknown = thingIds.stream().filter(id -> !things.containsKey(id)).toList();
        for (PresenceRecord p : table.findAll(unknown)) {
            out.put(p.thingId(), new ThingStatus(false, p.lastConnectedAt(), p.lastDisconnectedAt(),
                    p.lastDisconnectReason()));
        }
        for (String id : thingIds) {
            Status s = things.get(id);
            if (s != null) {
                out.put(id, new ThingStatus(s.online(), s.lastConnectedAt(), s.lastDisconnectedAt(),
                        s.lastDisconnectReason()));
            }
            out.putIfAbsent(id, ThingStatus.NEVER);
        }
        return out;
    }
}
