package io.herald.platform.push;

import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The installations in memory: by id, by MQTT user name (the authenticator's look-up on the event
 * loops), by owner (a push's targets), and which of them are provisioned (their broker session is
 * pinned, so their endpoint may be handed out). Loaded from the catalog at start; every change the
 * platform commits is applied here after the commit.
 *
 * <p>Thread-safe: written by REST workers and the provisioning callbacks, read by any thread; holds only
 * immutable records.
 */
public final class InstallationRegistry {

    private final ConcurrentMap<String, InstallationRecord> byId = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, String> idsByUsername = new ConcurrentHashMap<>();
    private final ConcurrentMap<Owner, String> idsByOwner = new ConcurrentHashMap<>();
    private final Set<String> ready = ConcurrentHashMap.newKeySet();

    public void put(InstallationRecord i) {
        byId.put(i.installationId(), i);
        idsByUsername.put(i.username(), i.installationId());
        idsByOwner.put(i.owner(), i.installationId());
    }

    /** Forgets the installation; empty when it was not there. */
    public Optional<InstallationRecord> remove(String installationId) {
        InstallationRecord old = byId.remove(installationId);
        if (old != null) {
            idsByUsername.remove(old.username(), installationId);
            idsByOwner.remove(old.owner(), installationId);
            ready.remove(installationId);
        }
        return Optional.ofNullable(old);
    }

    public Optional<InstallationRecord> get(String installationId) {
        return Optional.ofNullable(byId.get(installationId));
    }

    public Optional<InstallationRecord> byUsername(String username) {
        String id = idsByUsername.get(username);
        return id == null ? Optional.empty() : get(id);
    }

    public Optional<InstallationRecord> ofOwner(Owner owner) {
        String id = idsByOwner.get(owner);
        return id == null ? Optional.empty() : get(id);
    }

    /** The broker session of the installation is pinned: its endpoint may be handed out. */
    public void markReady(String installationId) {
        if (byId.containsKey(installationId)) {
            ready.add(installationId);
        }
    }

    public boolean ready(String installationId) {
        return ready.contains(installationId);
    }

    public Collection<InstallationRecord> all() {
        return byId.values();
    }

    public int size() {
        return byId.size();
    }
}
