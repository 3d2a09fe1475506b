package io.herald.server;

import io.herald.broker.Broker;
import io.herald.broker.BrokerConfig;
import io.herald.broker.auth.Authenticator;
import io.herald.platform.Platform;
import io.herald.platform.auth.PlatformAuthenticator;
import io.herald.platform.catalog.CatalogException;
import io.herald.platform.http.RestApi;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import picocli.CommandLine;

/**
 * The platform inside {@code serve}: opened before the broker (its credentials feed the broker's
 * authenticator), its REST API started once the broker runs, both closed after the broker. Used from
 * the command's thread.
 */
final class PlatformRuntime implements AutoCloseable {

    private final Platform platform;
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private RestApi rest;

    private PlatformRuntime(Platform platform) {
        this.platform = platform;
    }

    /** Opens the catalog (migrating it) and loads the credentials; a bad catalog stops the server. */
    static PlatformRuntime open(PlatformOptions options, Path dataDir, CommandLine cl) {
        try {
            return new PlatformRuntime(Platform.open(options.settings(dataDir, cl), Clock.systemUTC()));
        } catch (CatalogException e) {
            throw new CommandLine.ParameterException(cl, e.getMessage());
        } catch (IOException e) {
            throw new CommandLine.ParameterException(cl, "platform key: " + e.getMessage());
        }
    }

    /** The broker's authenticator: platform credentials first, then {@code next} (password file, anonymous policy). */
    Authenticator authenticator(Authenticator next) {
        return new PlatformAuthenticator(platform.credentials(), next, registry);
    }

    /** The registry the broker and the REST API record into, scraped at {@code /metrics}. */
    PrometheusMeterRegistry registry() {
        return registry;
    }

    /** Starts the REST API on the running broker and prints its listeners and, once, a generated admin token. */
    void startRest(PlatformOptions options, Broker broker, BrokerConfig config, ListenerOptions listeners, String bind,
            Path dataDir, CommandLine cl, PrintWriter out) {
        var settings = options.restSettings(config, listeners, bind, dataDir, cl, out);
        try {
            rest = platform.startRest(settings, broker, registry);
        } catch (IllegalStateException e) {
            throw new CommandLine.ParameterException(cl, "REST API: " + e.getMessage());
        }
        rest.httpPort().ifPresent(p -> out.println("listening http " + settings.bind() + ":" + p));
        rest.httpsPort().ifPresent(p -> out.println("listening https " + settings.bind() + ":" + p));
        out.println("catalog " + platform.catalog().location());
        platform.generatedAdminToken().ifPresent(t -> out.println("admin token (shown once, only its digest is kept): " + t));
        String endpoints = options.publicEndpointsLine(bind, config.mqttPort());
        if (endpoints != null) {
            out.println(endpoints);
        }
    }

    @Override
    public void close() {
        platform.close();
    }
}
