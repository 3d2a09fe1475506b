package io.herald.platform.push;

import io.herald.platform.ErrorCode;
import io.herald.platform.PlatformException;
import io.herald.platform.auth.Secrets;
import io.herald.platform.catalog.Catalog;
import io.herald.platform.identity.ApiCaller;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MQTT push installations (seed 000, Kii's API): install (one per owner: installing again answers the
 * existing one), read, uninstall, and the MQTT endpoint. Provisioning is asynchronous: the installation
 * exists at once, its endpoint is handed out once the broker has pinned its session (until then
 * {@link NotReady}). Each endpoint request issues a new password (only its digest is kept) living the
 * configured TTL; the previous one stops working for new connections, the session stays.
 *
 * <p>Blocks on the catalog: call from REST workers. Thread-safe.
 */
public final class InstallationService {

    private static final Logger log = LoggerFactory.getLogger(InstallationService.class);
    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** An installation as {@code install} answers it. */
    public record Installed(InstallationRecord installation, boolean created) {}

    /** An endpoint as {@code GET …/mqtt-endpoint} answers it; the password in clear, shown once. */
    public record Endpoint(InstallationRecord installation, String password, PushSettings settings, long ttlSeconds) {}

    /** The endpoint is not provisioned yet (503 {@code MQTT_ENDPOINT_NOT_READY}). */
    public static final class NotReady extends PlatformException {
        public NotReady(String installationId) {
            super(ErrorCode.MQTT_ENDPOINT_NOT_READY, "MQTT endpoint for " + installationId
                    + " is not ready. Please try again later.");
        }
    }

    private final Catalog catalog;
    private final Installations table;
    private final InstallationRegistry registry;
    private final Clock clock;
    private final Set<String> provisioning = ConcurrentHashMap.newKeySet();
    private volatile PushGateway gateway;
    private volatile PushSettings settings;

    public InstallationService(Catalog catalog, InstallationRegistry registry, Clock clock) {
        this.catalog = catalog;
        this.table = new Installations(catalog.jdbi());
        this.registry = registry;
        this.clock = clock;
    }

    /** Loads every installation of the catalog into {@code registry} (not ready until pinned). */
    public static InstallationRegistry load(Catalog catalog) {
        InstallationRegistry registry = new InstallationRegistry();
        new Installations(catalog.jdbi()).all().forEach(registry::put);
        return registry;
    }

    /** Connects push to the running broker and pins every installation's session (in the background). */
    public void start(PushGateway value, PushSettings pushSettings) {
        settings = pushSettings;
        gateway = value;
        registry.all().forEach(this::provision);
    }

    /**
     * Installs {@code caller}'s user, or for the admin the given user or thing.
     *
     * @throws PlatformException ACCESS_DENIED, INVALID_INPUT_DATA, USER_NOT_FOUND, THING_NOT_FOUND
     */
    public Installed install(ApiCaller caller, String userId, String thingId, boolean development) {
        Owner owner = ownerFor(caller, userId, thingId);
        Optional<InstallationRecord> existing = registry.ofOwner(owner);
        if (existing.isPresent()) {
            return new Installed(existing.get(), false);
        }
        String id = Secrets.newId();
        InstallationRecord i = new InstallationRecord(id, Secrets.newId(), InstallationRecord.MQTT, owner, development,
                newTopic(), "inst_" + id, null, null, clock.instant());
        if (!table.create(i)) {
            InstallationRecord raced = table.findByOwner(owner, InstallationRecord.MQTT).orElseThrow(
                    () -> new PlatformException(ErrorCode.INTERNAL_ERROR, "installation id collision; try again"));
            registry.put(raced);
            return new Installed(raced, false);
        }
        registry.put(i);
        provision(i);
        return new Installed(i, true);
    }

    /**
     * The installation {@code ref} ({@code installationID} or {@code MQTT:registrationID}), if the caller
     * may see it (the admin, or its owner).
     */
    public InstallationRecord get(ApiCaller caller, String ref) {
        InstallationRecord i = find(ref);
        if (!caller.admin() && !(caller.kind() == ApiCaller.Kind.USER && i.owner().equals(Owner.user(caller.id())))) {
            throw new PlatformException(ErrorCode.ACCESS_DENIED, "installation " + i.installationId()
                    + " belongs to someone else");
        }
        return i;
    }

    /** Uninstalls: the credentials stop working, the live connection is closed and the queue discarded. */
    public void uninstall(ApiCaller caller, String ref) {
        InstallationRecord i = get(caller, ref);
        if (!table.delete(i.installationId())) {
            throw notFound(ref);
        }
        registry.remove(i.installationId());
        PushGateway g = gateway;
        if (g != null) {
            g.unpin(i.mqttTopic(), "uninstalled").toCompletableFuture().join();
        }
    }

    /**
     * The user or thing {@code id} was deleted (its installation row went with it): its installation is
     * forgotten and its session ended. Other kinds (tokens) own no installation.
     */
    public void ownerDeleted(String kind, String id) {
        if (!Owner.USER.equals(kind) && !Owner.THING.equals(kind)) {
            return;
        }
        Owner owner = new Owner(kind, id);
        Optional<InstallationRecord> i = registry.ofOwner(owner);
        if (i.isEmpty()) {
            return;
        }
        registry.remove(i.get().installationId());
        PushGateway g = gateway;
        if (g != null) {
            g.unpin(i.get().mqttTopic(), "owner deleted").toCompletableFuture().join();
        }
    }

    /**
     * A fresh endpoint: a new password living the configured TTL.
     *
     * @throws NotReady while the installation is being provisioned
     */
    public Endpoint endpoint(ApiCaller caller, String ref) {
        InstallationRecord i = get(caller, ref);
        PushSettings s = settings;
        if (s == null || !registry.ready(i.installationId())) {
            provision(i);
            throw new NotReady(i.installationId());
        }
        String password = Secrets.generate();
        Instant expiresAt = clock.instant().plus(s.credentialTtl());
        InstallationRecord renewed = i.withCredential(Secrets.digest(password), expiresAt);
        if (!table.updateCredential(i.installationId(), renewed.passwordDigest(), expiresAt)) {
            throw notFound(ref);
        }
        registry.put(renewed);
        return new Endpoint(renewed, password, s, s.credentialTtl().toSeconds());
    }

    /** Pins the installation's session unless it is ready or being pinned; ready once the broker confirms. */
    private void provision(InstallationRecord i) {
        PushGateway g = gateway;
        if (g == null || registry.ready(i.installationId()) || !provisioning.add(i.installationId())) {
            return;
        }
        g.pin(i.mqttTopic()).whenComplete((v, error) -> {
            provisioning.remove(i.installationId());
            if (error != null) {
                log.warn("pinning the session of installation {} failed: {}", i.installationId(), error.toString());
            } else {
                registry.markReady(i.installationId());
            }
        });
    }

    private InstallationRecord find(String ref) {
        int colon = ref.indexOf(':');
        Optional<InstallationRecord> found = colon < 0 ? registry.get(ref)
                : registry.all().stream().filter(i -> i.deviceType().equals(ref.substring(0, colon))
                        && i.registrationId().equals(ref.substring(colon + 1))).findFirst();
        return found.orElseThrow(() -> notFound(ref));
    }

    private Owner ownerFor(ApiCaller caller, String userId, String thingId) {
        if (userId != null && thingId != null) {
            throw new PlatformException(ErrorCode.INVALID_INPUT_DATA, "give userID or thingID, not both");
        }
        Owner owner;
        if (caller.kind() == ApiCaller.Kind.USER) {
            if (thingId != null || userId != null && !userId.equals(caller.id())) {
                throw new PlatformException(ErrorCode.ACCESS_DENIED, "a user installs only itself");
            }
            owner = Owner.user(caller.id());
        } else if (caller.admin()) {
            if (userId == null && thingId == null) {
                throw new PlatformException(ErrorCode.INVALID_INPUT_DATA, "the admin installs a given userID or thingID");
            }
            owner = userId != null ? Owner.user(userId) : Owner.thing(thingId);
        } else {
            throw new PlatformException(ErrorCode.ACCESS_DENIED, "installing needs a user's access token or the admin");
        }
        if (owner.kind().equals(Owner.USER) && catalog.users().find(owner.id()).isEmpty()) {
            throw new PlatformException(ErrorCode.USER_NOT_FOUND, "no user '" + owner.id() + "'");
        }
        if (owner.kind().equals(Owner.THING) && catalog.things().find(owner.id()).isEmpty()) {
            throw new PlatformException(ErrorCode.THING_NOT_FOUND, "no thing '" + owner.id() + "'");
        }
        return owner;
    }

    private static PlatformException notFound(String ref) {
        return new PlatformException(ErrorCode.INSTALLATION_NOT_FOUND, "no installation '" + ref + "'");
    }

    /**
     * A new {@code mqttTopic}: 23 characters (the longest client id every MQTT 3.1 server must accept
     * [MQTT-3.1.3-5]) of [0-9A-Za-z], 131 random bits after the {@code p} that keeps it from starting with a digit.
     */
    private static String newTopic() {
        StringBuilder b = new StringBuilder("p");
        for (int n = 0; n < 22; n++) {
            b.append(BASE62.charAt(RANDOM.nextInt(BASE62.length())));
        }
        return b.toString();
    }
}
