package io.herald.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.herald.client.internal.RestCalls;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * The Herald platform's REST calls a device or app needs for MQTT push (seed 000's flow): log in,
 * install for MQTT push, get the MQTT endpoint (retrying while it is being provisioned), uninstall, and
 * {@link #connectForPush} that does all of it and returns a connected, subscribed client.
 *
 * <p>Threads: thread-safe; every call returns a {@link CompletableFuture} completed on the HTTP
 * client's threads. Failures complete exceptionally with a {@link PlatformException} carrying the
 * server's {@code errorCode}. Lifecycle: holds no resources beyond the {@link HttpClient} it was given
 * or built.
 */
public final class HeraldPlatform {

    /** The errorCode of a 503 while the endpoint is being provisioned. */
    public static final String ENDPOINT_NOT_READY = "MQTT_ENDPOINT_NOT_READY";

    private final RestCalls rest;
    private final int endpointRetries;
    private final Duration endpointRetryDelay;
    private volatile String token;

    private HeraldPlatform(Builder b) {
        this.rest = new RestCalls(b.http, b.base, b.requestTimeout);
        this.endpointRetries = b.endpointRetries;
        this.endpointRetryDelay = b.endpointRetryDelay;
        this.token = b.token;
    }

    /** A builder for the server at {@code baseUrl}, e.g. {@code https://push.example.com:8443}. */
    public static Builder builder(String baseUrl) {
        return new Builder(baseUrl);
    }

    /** The bearer token sent with each call: a user's access token, or one set with {@link Builder#token}. */
    public String token() {
        return token;
    }

    /**
     * Logs a user in ({@code POST /api/oauth2/token}) and uses its access token for the calls that follow.
     *
     * @return the access token
     */
    public CompletableFuture<String> login(String username, String password) {
        return rest.call("POST", "/api/oauth2/token", Map.of("username", username, "password", password), null)
                .thenApply(a -> {
                    String access = a.body().path("access_token").asText(null);
                    if (access == null) {
                        throw new PlatformException(a.status(), "INVALID_RESPONSE", "login answered no access_token", null);
                    }
                    token = access;
                    return access;
                });
    }

    /**
     * Installs the logged-in user for MQTT push ({@code POST /api/installations}); an owner that is
     * installed already gets its existing installation back ({@link Installation#created()} false).
     */
    public CompletableFuture<Installation> installMqtt(boolean development) {
        return rest.call("POST", "/api/installations", Map.of("deviceType", "MQTT", "development", development), token)
                .thenApply(a -> new Installation(text(a.body(), "installationID"),
                        text(a.body(), "installationRegistrationID"), a.status() == 201));
    }

    /**
     * The installation's MQTT endpoint. While the server answers 503 {@code MQTT_ENDPOINT_NOT_READY}
     * it asks again, up to the builder's {@code endpointRetries} times (3 by default, as seed 000
     * says), {@code endpointRetryDelay} (1 s) apart; then fails with that 503's PlatformException.
     */
    public CompletableFuture<MqttEndpoint> getMqttEndpoint(String installationID) {
        return endpoint(installationID, 0);
    }

    private CompletableFuture<MqttEndpoint> endpoint(String installationID, int attempt) {
        return rest.call("GET", "/api/installations/" + segment(installationID) + "/mqtt-endpoint", null, token)
                .thenApply(a -> endpointOf(a))
                .handle((endpoint, e) -> {
                    if (e == null) {
                        return CompletableFuture.completedFuture(endpoint);
                    }
                    Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                    if (cause instanceof PlatformException p && p.status() == 503
                            && ENDPOINT_NOT_READY.equals(p.errorCode()) && attempt < endpointRetries) {
                        return CompletableFuture.supplyAsync(() -> null, CompletableFuture.delayedExecutor(
                                endpointRetryDelay.toMillis(), TimeUnit.MILLISECONDS))
                                .thenCompose(x -> endpoint(installationID, attempt + 1));
                    }
                    return CompletableFuture.<MqttEndpoint>failedFuture(cause);
                })
                .thenCompose(f -> f);
    }

    private static MqttEndpoint endpointOf(RestCalls.Answer a) {
        JsonNode b = a.body();
        long ttl = a.header("X-MQTT-TTL").map(Long::parseLong).orElse(b.path("ttl").asLong(0));
        return new MqttEndpoint(text(b, "installationID"), text(b, "username"), text(b, "password"),
                text(b, "mqttTopic"), text(b, "host"), b.path("portTCP").asInt(0), b.path("portSSL").asInt(0),
                b.path("portWS").asInt(0), b.path("portWSS").asInt(0), Duration.ofSeconds(ttl));
    }

    /** Uninstalls ({@code DELETE /api/installations/{installationID}}): its credentials stop working at once. */
    public CompletableFuture<Void> uninstall(String installationID) {
        return rest.call("DELETE", "/api/installations/" + segment(installationID), null, token).thenApply(a -> null);
    }

    /** Uninstalls by device type and registration id ({@code DELETE /api/installations/MQTT:{registrationID}}). */
    public CompletableFuture<Void> uninstall(String deviceType, String registrationID) {
        return uninstall(deviceType + ":" + registrationID);
    }

    /**
     * Does seed 000's whole flow: installs the logged-in user for MQTT push (or finds its installation),
     * gets the endpoint, connects to it with exactly the endpoint's values over {@code transport}, and
     * subscribes to the installation's topic. The connection reconnects by itself; when its credentials
     * expire or are refused it fetches a new endpoint and connects again, its queued messages kept.
     */
    public CompletableFuture<PushConnection> connectForPush(boolean development, Transport transport, TlsConfig tls,
            ClientListener listener) {
        return installMqtt(development).thenCompose(i -> getMqttEndpoint(i.installationID()))
                .thenCompose(e -> PushConnection.open(this, e, transport, tls, listener));
    }

    private static String text(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || !v.isValueNode()) {
            throw new PlatformException(200, "INVALID_RESPONSE", "the server's answer has no " + field, null);
        }
        return v.asText();
    }

    private static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Settings of a {@link HeraldPlatform}. Not thread-safe; build once. */
    public static final class Builder {
        private final URI base;
        private HttpClient http;
        private Duration requestTimeout = Duration.ofSeconds(30);
        private int endpointRetries = 3;
        private Duration endpointRetryDelay = Duration.ofSeconds(1);
        private String token;

        private Builder(String baseUrl) {
            URI uri = URI.create(Objects.requireNonNull(baseUrl, "baseUrl"));
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalArgumentException("the base URL must be http://host[:port] or https://host[:port], not "
                        + baseUrl);
            }
            this.base = uri;
        }

        /** The HTTP client to use (its TLS settings, proxy, executor); by default a new one. */
        public Builder httpClient(HttpClient value) {
            this.http = Objects.requireNonNull(value);
            return this;
        }

        public Builder requestTimeout(Duration value) {
            this.requestTimeout = Objects.requireNonNull(value);
            return this;
        }

        /** How often {@link #getMqttEndpoint} asks again while the endpoint is not ready (default 3). */
        public Builder endpointRetries(int value) {
            if (value < 0) {
                throw new IllegalArgumentException("endpointRetries must be >= 0");
            }
            this.endpointRetries = value;
            return this;
        }

        /** The wait between those attempts (default 1 s). */
        public Builder endpointRetryDelay(Duration value) {
            this.endpointRetryDelay = Objects.requireNonNull(value);
            return this;
        }

        /** A bearer token to use instead of {@link #login}: an admin token or a user's access token. */
        public Builder token(String value) {
            this.token = value;
            return this;
        }

        public HeraldPlatform build() {
            if (http == null) {
                http = HttpClient.newBuilder().connectTimeout(requestTimeout).build();
            }
            return new HeraldPlatform(this);
        }
    }
}
