package io.herald.platform;

import io.herald.platform.auth.CredentialCache;
import io.herald.platform.auth.MqttCredentials;
import io.herald.platform.auth.SecretSealer;
import io.herald.platform.catalog.Catalog;
import io.herald.platform.catalog.CatalogSettings;
import io.herald.platform.device.DeviceSettings;
import io.herald.platform.device.DeviceBroker;
import io.herald.platform.device.Devices;
import io.herald.platform.http.RestApi;
import io.herald.platform.http.RestSettings;
import io.herald.platform.identity.BearerAuth;
import io.herald.platform.identity.CredentialListener;
import io.herald.platform.identity.LoginLimiter;
import io.herald.platform.identity.ThingService;
import io.herald.platform.identity.TokenService;
import io.herald.platform.identity.UserService;
import io.herald.broker.Broker;
import io.herald.platform.mqtt.BrokerRevocation;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The platform: the catalog, the in-memory credentials the broker's authenticator decides from, and the
 * REST API. Started in two steps because the broker and the platform need each other: {@link #open}
 * (catalog, credentials; before the broker starts, which takes {@link #credentials()}), then {@link
 * #startRest} (with the started broker, which credential changes then reach through {@link BrokerRevocation}).
 *
 * <p>Lifecycle: open, startRest, close (REST, housekeeping, catalog). Thread-safe.
 */
public final class Platform implements AutoCloseable {

    /**
     * @param keyFile where the key sealing thing secrets lives (created when missing); null for a key in memory only
     * @param adminToken {@code --admin-token}, or null to generate one on the first start
     * @param huaweiWindow how far a Huawei type 1 timestamp may be from now
     * @param accessTokenLifetime how long a login's access token works
     * @param devices property history bounds, command timeouts, queued command lifetimes
     */
    public record Settings(CatalogSettings catalog, Path keyFile, String adminToken, Duration huaweiWindow,
            Duration accessTokenLifetime, DeviceSettings devices) {

        /** With the device defaults. */
        public Settings(CatalogSettings catalog, Path keyFile, String adminToken, Duration huaweiWindow,
                Duration accessTokenLifetime) {
            this(catalog, keyFile, adminToken, huaweiWindow, accessTokenLifetime, DeviceSettings.defaults());
        }
    }

    private final Catalog catalog;
    private final CredentialCache cache;
    private final MqttCredentials credentials;
    private final SecretSealer sealer;
    private final Settings settings;
    private final Clock clock;
    private final Optional<String> generatedAdminToken;
    private final LoginLimiter limiter;
    private final ScheduledExecutorService housekeeping;
    private volatile RestApi rest;
    private volatile Devices devices;

    private Platform(Settings settings, Catalog catalog, SecretSealer sealer, Clock clock) {
        this.settings = settings;
        this.catalog = catalog;
        this.sealer = sealer;
        this.clock = clock;
        this.cache = CredentialCache.load(catalog, clock.instant());
        this.generatedAdminToken = io.herald.platform.identity.AdminToken.ensure(catalog, cache, settings.adminToken());
        this.credentials = new MqttCredentials(cache, sealer, settings.huaweiWindow(), clock);
        this.limiter = new LoginLimiter(5, 20, Duration.ofMinutes(5), clock);
        this.housekeeping = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("herald-platform-housekeeping").factory());
        housekeeping.scheduleWithFixedDelay(this::purge, 1, 1, TimeUnit.MINUTES);
    }

    /**
     * Opens (and migrates) the catalog and loads the credentials.
     *
     * @throws io.herald.platform.catalog.CatalogException when the catalog cannot be opened
     * @throws IOException when the key file cannot be read or created
     */
    public static Platform open(Settings settings, Clock clock) throws IOException {
        SecretSealer sealer = settings.keyFile() == null ? SecretSealer.ephemeral()
                : SecretSealer.fromKeyFile(settings.keyFile());
        Catalog catalog = Catalog.open(settings.catalog());
        try {
            return new Platform(settings, catalog, sealer, clock);
        } catch (RuntimeException e) {
            catalog.close();
            throw e;
        }
    }

    /** What the broker's authenticator decides from (memory only). */
    public MqttCredentials credentials() {
        return credentials;
    }

    /** The admin token generated on this start (print it once), or empty when it was configured or made earlier. */
    public Optional<String> generatedAdminToken() {
        return generatedAdminToken;
    }

    public Catalog catalog() {
        return catalog;
    }

    /** The device side (properties, commands, presence), once {@link #startRest} started it; else null. */
    public Devices devices() {
        return devices;
    }

    /** Starts the REST API on {@code broker}; credential changes reach its live connections. */
    public RestApi startRest(RestSettings restSettings, Broker broker, PrometheusMeterRegistry registry) {
        return startRest(restSettings, broker, new BrokerRevocation(broker), registry);
    }

    /**
     * Starts the REST API.
     *
     * @param listener how credential changes reach live connections
     */
    public RestApi startRest(RestSettings restSettings, Broker broker, CredentialListener listener,
            PrometheusMeterRegistry registry) {
        UserService users = new UserService(catalog, cache, listener, limiter, settings.accessTokenLifetime(), clock);
        ThingService things = new ThingService(catalog, cache, listener, sealer, clock);
        TokenService tokens = new TokenService(catalog, cache, listener, clock);
        Devices started = Devices.start(settings.devices(), catalog, DeviceBroker.of(broker), registry, clock);
        devices = started;
        RestApi api = RestApi.start(restSettings, new RestApi.Services(catalog, users, things, tokens,
                new BearerAuth(cache, clock), broker, registry, started));
        rest = api;
        return api;
    }

    private void purge() {
        try {
            catalog.users().deleteExpiredAccessTokens(clock.instant());
            cache.removeExpiredAccessTokens(clock.instant());
            limiter.purge();
        } catch (RuntimeException e) {
            // the catalog may be down for a while; the next round tries again
        }
    }

    @Override
    public void close() {
        RestApi api = rest;
        if (api != null) {
            api.close();
        }
        Devices d = devices;
        if (d != null) {
            d.close();
        }
        housekeeping.shutdownNow();
        catalog.close();
    }
}
