package io.herald.platform.http;

import io.herald.platform.Platform;
import io.herald.platform.catalog.CatalogSettings;
import io.herald.broker.Broker;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/** A platform on a SQLite catalog in {@code dir} with its REST API on a free port, for the REST tests. */
final class PlatformFixture implements AutoCloseable {

    static final String ADMIN = "admin-token-for-tests-0123456789";

    final Platform platform;
    final RestClient client;
    final int httpPort;
    final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    PlatformFixture(Path dir, Broker broker) throws IOException {
        platform = Platform.open(new Platform.Settings(CatalogSettings.sqlite(dir.resolve("catalog.db")),
                dir.resolve("platform.key"), ADMIN, Duration.ofMinutes(10), Duration.ofHours(1)), Clock.systemUTC());
        var api = platform.startRest(RestSettings.http("127.0.0.1", 0), broker, registry);
        httpPort = api.httpPort().orElseThrow();
        client = new RestClient(httpPort);
    }

    @Override
    public void close() {
        platform.close();
    }
}
