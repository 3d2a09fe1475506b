package io.herald.server;

import io.herald.broker.Broker;
import io.herald.broker.BrokerConfig;
import io.herald.broker.listener.DevCertificates;
import io.herald.platform.Platform;
import io.herald.platform.catalog.CatalogSettings;
import io.herald.platform.device.DeviceSettings;
import io.herald.platform.http.RestSettings;
import io.herald.platform.push.PushSettings;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The {@code serve} flags of the platform: the REST API's listeners, the catalog, the admin token, the
 * Huawei login window, the bounds of the property history, and the addresses clients are told to use.
 * Filled in by picocli; used from the command's thread.
 */
final class PlatformOptions {

    @Option(names = "--http-port", defaultValue = "8080", description = "REST API over HTTP port; 0 disables it (default: ${DEFAULT-VALUE}).")
    int httpPort;

    @Option(names = "--http-bind", paramLabel = "ADDRESS", description = "Address the HTTP and HTTPS listeners bind to (default: --bind).")
    String httpBind;

    @Option(names = "--https-port", defaultValue = "8443", description = "REST API over HTTPS port, with the TLS"
            + " listeners' certificate (the development CA's without --tls-cert); 0 disables it (default: ${DEFAULT-VALUE}).")
    int httpsPort;

    @Option(names = "--catalog-url", paramLabel = "JDBC-URL", description = "The platform catalog: jdbc:postgresql://HOST:PORT/DB,"
            + " or jdbc:sqlite:FILE (default: SQLite in <data-dir>/catalog.db).")
    String catalogUrl;

    @Option(names = "--catalog-user", paramLabel = "USER", description = "PostgreSQL user of --catalog-url.")
    String catalogUser;

    @Option(names = "--catalog-password", paramLabel = "PASSWORD", description = "PostgreSQL password of --catalog-url"
            + " (better from HERALD_CATALOG_PASSWORD than on the command line).")
    String catalogPassword;

    @Option(names = "--admin-token", paramLabel = "TOKEN", description = "The REST API's admin bearer token (better from"
            + " HERALD_ADMIN_TOKEN); without it the first start generates one and prints it once.")
    String adminToken;

    @Option(names = "--huawei-time-window", defaultValue = "600", paramLabel = "SECONDS", description = "How far a Huawei"
            + " signature type 1 timestamp may lie outside the hour it names (default: ${DEFAULT-VALUE}).")
    long huaweiWindowSeconds;

    @Option(names = "--access-token-lifetime", defaultValue = "86400", paramLabel = "SECONDS", description = "How long"
            + " a user's access token from POST /api/oauth2/token works (default: ${DEFAULT-VALUE}).")
    long accessTokenLifetimeSeconds;

    @Option(names = "--property-history-count", defaultValue = "1000", paramLabel = "COUNT", description = "Property"
            + " values the catalog keeps per thing in its history, newest first (default: ${DEFAULT-VALUE}).")
    int propertyHistoryCount;

    @Option(names = "--property-history-age", defaultValue = "604800", paramLabel = "SECONDS", description = "Property"
            + " values older than this leave the history (within the hour: the writer sweeps them hourly; default:"
            + " ${DEFAULT-VALUE}, 7 days).")
    long propertyHistoryAgeSeconds;

    @Option(names = "--public-host", paramLabel = "HOST", description = "Host name clients are told to connect to"
            + " (behind a proxy or NAT it differs from the bind address; default: --bind).")
    String publicHost;

    @Option(names = "--public-mqtt-port", paramLabel = "PORT", description = "MQTT port clients are told (default: --mqtt-port).")
    Integer publicMqttPort;

    @Option(names = "--public-mqtts-port", paramLabel = "PORT", description = "MQTT over TLS port clients are told (default: --tls-port).")
    Integer publicMqttsPort;

    @Option(names = "--public-ws-port", paramLabel = "PORT", description = "MQTT over WebSocket port clients are told (default: --ws-port).")
    Integer publicWsPort;

    @Option(names = "--public-wss-port", paramLabel = "PORT", description = "MQTT over WSS port clients are told (default: --wss-port).")
    Integer publicWssPort;

    @Option(names = "--push-credential-ttl", defaultValue = "2147483647", paramLabel = "SECONDS", description = "How long"
            + " the credentials of one GET /api/installations/{id}/mqtt-endpoint work (X-MQTT-TTL; Kii's long-lived"
            + " default: ${DEFAULT-VALUE}); the device then asks for the endpoint again, its session stays.")
    long pushCredentialTtlSeconds;

    @Option(names = "--push-expiry", defaultValue = "600", paramLabel = "SECONDS", description = "How long a push waits"
            + " in an offline installation's queue unless the push gives its own expiry (default: ${DEFAULT-VALUE}).")
    long pushExpirySeconds;

    /**
     * What installations are told to connect to: {@code --public-host} (default {@code --bind}) and the
     * {@code --public-*-port}s, each defaulting to its listener's bound port (0 for a disabled listener).
     */
    PushSettings pushSettings(String bind, Broker broker, CommandLine cl) {
        try {
            return new PushSettings(publicHost == null ? bind : publicHost,
                    advertised(publicMqttPort, broker, BrokerConfig.MQTT_LISTENER), advertised(publicMqttsPort, broker, "tls"),
                    advertised(publicWsPort, broker, "ws"), advertised(publicWssPort, broker, "wss"),
                    Duration.ofSeconds(pushCredentialTtlSeconds), Duration.ofSeconds(pushExpirySeconds));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cl, "push: " + e.getMessage());
        }
    }

    private static int advertised(Integer flag, Broker broker, String listener) {
        return flag != null ? flag : broker.address(listener).map(a -> a.getPort()).orElse(0);
    }

    /** The platform's settings; the catalog is SQLite in the data directory unless {@code --catalog-url} is given. */
    Platform.Settings settings(Path dataDir, CommandLine cl) {
        if (huaweiWindowSeconds < 0 || accessTokenLifetimeSeconds <= 0) {
            throw new CommandLine.ParameterException(cl, "--huawei-time-window must be 0 or more and"
                    + " --access-token-lifetime positive");
        }
        CatalogSettings catalog;
        try {
            catalog = catalogUrl == null ? CatalogSettings.sqlite(dataDir.resolve("catalog.db"))
                    : new CatalogSettings(catalogUrl, catalogUser, catalogPassword);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cl, "--catalog-url: " + e.getMessage());
        }
        if (propertyHistoryCount < 1 || propertyHistoryAgeSeconds < 1) {
            throw new CommandLine.ParameterException(cl, "--property-history-count and --property-history-age must be"
                    + " positive");
        }
        return new Platform.Settings(catalog, dataDir.resolve("platform.key"), adminToken,
                Duration.ofSeconds(huaweiWindowSeconds), Duration.ofSeconds(accessTokenLifetimeSeconds),
                DeviceSettings.defaults().withHistory(propertyHistoryCount, Duration.ofSeconds(propertyHistoryAgeSeconds)));
    }

    /**
     * Where the REST API listens. HTTPS uses the broker's TLS certificate when a TLS listener has one, else
     * {@code --tls-cert}/{@code --tls-key}, else the development CA's server certificate.
     */
    RestSettings restSettings(BrokerConfig config, ListenerOptions listeners, String bind, Path dataDir, CommandLine cl,
            PrintWriter out) {
        checkPort("--http-port", httpPort, cl);
        checkPort("--https-port", httpsPort, cl);
        String host = httpBind == null ? bind : httpBind;
        Path cert = null;
        Path key = null;
        if (httpsPort != 0) {
            if (config.tls() != null) {
                cert = config.tls().certFile();
                key = config.tls().keyFile();
            } else if (listeners.tlsCert != null) {
                cert = listeners.tlsCert;
                key = listeners.tlsKey;
            } else {
                DevCertificates.Bundle dev = DevCertificates.ensure(dataDir.resolve("tls"), List.of(host), Clock.systemUTC());
                if (dev.created()) {
                    out.println("tls: development CA at " + dev.caCert().toAbsolutePath().normalize());
                }
                cert = dev.serverCert();
                key = dev.serverKey();
            }
        }
        RestSettings http = RestSettings.http(host, 0);
        return new RestSettings(host, httpPort == 0 ? RestSettings.DISABLED : httpPort,
                httpsPort == 0 ? RestSettings.DISABLED : httpsPort, cert, key, http.bodyLimit(), http.publishBodyLimit(), 1);
    }

    /** The startup line naming what clients are told to connect to, or null when no --public-* flag is given. */
    String publicEndpointsLine(String bind, int mqttPort) {
        if (publicHost == null && publicMqttPort == null && publicMqttsPort == null && publicWsPort == null
                && publicWssPort == null) {
            return null;
        }
        String host = publicHost == null ? bind : publicHost;
        StringBuilder line = new StringBuilder("clients are told: mqtt://" + host + ":"
                + (publicMqttPort == null ? mqttPort : publicMqttPort));
        if (publicMqttsPort != null) {
            line.append(" mqtts://").append(host).append(':').append(publicMqttsPort);
        }
        if (publicWsPort != null) {
            line.append(" ws://").append(host).append(':').append(publicWsPort);
        }
        if (publicWssPort != null) {
            line.append(" wss://").append(host).append(':').append(publicWssPort);
        }
        return line.toString();
    }

    private static void checkPort(String flag, int port, CommandLine cl) {
        if (port < 0 || port > 65_535) {
            throw new CommandLine.ParameterException(cl, flag + " must be 0..65535 (0 disables the listener): " + port);
        }
    }
}
