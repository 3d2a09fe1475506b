package io.herald.platform.push;

import io.herald.broker.auth.Authenticator;
import io.herald.platform.catalog.Catalog;
import java.time.Clock;

/**
 * The push services of the platform, built together at open (they need only the catalog): the
 * installations (in memory for the broker's authenticator), topics and direct push, buckets, and the
 * sender. {@link #start} connects them to the running broker. Thread-safe.
 */
public final class Push {

    private final InstallationRegistry registry;
    private final InstallationService installations;
    private final PushService sender;
    private final TopicService topics;
    private final BucketService buckets;
    private volatile PushSettings settings;

    /** Loads the installations (blocks on the catalog). */
    public Push(Catalog catalog, Clock clock) {
        this.registry = InstallationService.load(catalog);
        this.installations = new InstallationService(catalog, registry, clock);
        this.sender = new PushService(registry, clock);
        this.topics = new TopicService(catalog, sender, clock);
        this.buckets = new BucketService(catalog, topics, sender, clock);
    }

    /** The broker's authenticator with installations first: their credentials, else {@code next}. */
    public Authenticator authenticator(Authenticator next) {
        return new InstallationAuthenticator(registry, next);
    }

    /** Connects push to the running broker; the installations' sessions are pinned in the background. */
    public void start(PushGateway gateway, PushSettings value) {
        settings = value;
        sender.start(gateway);
        buckets.eventExpiry(value.defaultExpiry());
        installations.start(gateway, value);
    }

    /** The settings given to {@link #start}, or null before. */
    public PushSettings settings() {
        return settings;
    }

    public InstallationService installations() {
        return installations;
    }

    public PushService sender() {
        return sender;
    }

    public TopicService topics() {
        return topics;
    }

    public BucketService buckets() {
        return buckets;
    }

    public InstallationRegistry registry() {
        return registry;
    }
}
