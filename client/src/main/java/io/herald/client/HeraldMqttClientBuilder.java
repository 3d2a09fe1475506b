package io.herald.client;

import io.herald.client.internal.DefaultMqttClient;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * Builds a {@link HeraldMqttClient}: every setting has a default, only the server is required.
 *
 * <p>Not thread-safe: configure and build on one thread. Each {@link #build()} makes a new client.
 */
public final class HeraldMqttClientBuilder {

    private static final SecureRandom RANDOM = new SecureRandom();

    private ServerAddress server;
    private ProtocolVersion protocolVersion = ProtocolVersion.MQTT_3_1_1;
    private String clientId;
    private int keepAliveSeconds = 60;
    private boolean cleanSession = true;
    private long sessionExpirySeconds;
    private String username;
    private byte[] password;
    private Duration connectTimeout = Duration.ofSeconds(30);
    private TlsConfig tls = TlsConfig.DEFAULT;
    private ReconnectPolicy reconnect = ReconnectPolicy.disabled();
    private boolean resubscribe = true;
    private int offlineBufferSize;
    private int maxInflight = 65_535;
    private int maximumPacketSize = MqttClientConfig.MQTT_MAX_PACKET_SIZE;
    private PublishMessage will;
    private final List<UserProperty> connectUserProperties = new ArrayList<>();
    private Executor callbackExecutor;
    private final List<ClientListener> listeners = new ArrayList<>();

    HeraldMqttClientBuilder() {}

    /** The idiomatic client's default client id: {@code herald_} and 8 random decimal digits. */
    public static String randomClientId() {
        return "herald_" + String.format("%08d", RANDOM.nextInt(100_000_000));
    }

    /** The server as a URL: {@code mqtt://host[:1883]}, {@code mqtts://host[:8883]}, {@code ws://…}, {@code wss://…}. */
    public HeraldMqttClientBuilder serverUrl(String url) {
        this.server = ServerAddress.parse(url);
        return this;
    }

    public HeraldMqttClientBuilder server(ServerAddress value) {
        this.server = Objects.requireNonNull(value, "server");
        return this;
    }

    public HeraldMqttClientBuilder protocolVersion(ProtocolVersion value) {
        this.protocolVersion = Objects.requireNonNull(value, "protocolVersion");
        return this;
    }

    /** The client id; by default {@link #randomClientId()}. */
    public HeraldMqttClientBuilder clientId(String value) {
        this.clientId = Objects.requireNonNull(value, "clientId");
        return this;
    }

    public HeraldMqttClientBuilder keepAlive(Duration value) {
        long s = value.toSeconds();
        if (s < 0 || s > 65_535) {
            throw new IllegalArgumentException("keepAlive must be 0..65535 seconds");
        }
        this.keepAliveSeconds = (int) s;
        return this;
    }

    /** MQTT 3 clean session, MQTT 5 clean start; default true. */
    public HeraldMqttClientBuilder cleanSession(boolean value) {
        this.cleanSession = value;
        return this;
    }

    /** MQTT 5 session expiry interval; default 0 (the session ends with the connection). */
    public HeraldMqttClientBuilder sessionExpiry(Duration value) {
        this.sessionExpirySeconds = value.toSeconds();
        return this;
    }

    public HeraldMqttClientBuilder username(String value) {
        this.username = value;
        return this;
    }

    public HeraldMqttClientBuilder password(String value) {
        this.password = value == null ? null : value.getBytes(StandardCharsets.UTF_8);
        return this;
    }

    public HeraldMqttClientBuilder password(byte[] value) {
        this.password = value == null ? null : value.clone();
        return this;
    }

    /** How long a connection attempt may take until CONNACK; zero waits forever; default 30 s. */
    public HeraldMqttClientBuilder connectTimeout(Duration value) {
        this.connectTimeout = Objects.requireNonNull(value, "connectTimeout");
        return this;
    }

    public HeraldMqttClientBuilder tls(TlsConfig value) {
        this.tls = Objects.requireNonNull(value, "tls");
        return this;
    }

    /** Automatic reconnect; default {@link ReconnectPolicy#disabled()}. */
    public HeraldMqttClientBuilder reconnect(ReconnectPolicy value) {
        this.reconnect = Objects.requireNonNull(value, "reconnect");
        return this;
    }

    /** Whether to subscribe again after a reconnect that found no session; default true. */
    public HeraldMqttClientBuilder resubscribe(boolean value) {
        this.resubscribe = value;
        return this;
    }

    /** Publishes kept while disconnected and sent on reconnect; default 0 (refused while disconnected). */
    public HeraldMqttClientBuilder offlineBuffer(int messages) {
        this.offlineBufferSize = messages;
        return this;
    }

    /** QoS 1/2 publishes awaiting acknowledgement at once; default 65535. */
    public HeraldMqttClientBuilder maxInflight(int value) {
        this.maxInflight = value;
        return this;
    }

    /** The largest packet accepted from the server; default MQTT's maximum. */
    public HeraldMqttClientBuilder maximumPacketSize(int value) {
        this.maximumPacketSize = value;
        return this;
    }

    public HeraldMqttClientBuilder will(PublishMessage value) {
        this.will = value;
        return this;
    }

    /** Adds an MQTT 5 user property to CONNECT. */
    public HeraldMqttClientBuilder connectUserProperty(String name, String value) {
        this.connectUserProperties.add(new UserProperty(name, value));
        return this;
    }

    /**
     * Where listeners and future callbacks run. By default each client has its own ordered executor
     * on a shared daemon thread pool; pass {@code Runnable::run} to run them on the I/O thread, where
     * they must never block.
     */
    public HeraldMqttClientBuilder callbackExecutor(Executor value) {
        this.callbackExecutor = value;
        return this;
    }

    /** Adds a listener before the client exists, so it misses no event. */
    public HeraldMqttClientBuilder listener(ClientListener value) {
        this.listeners.add(Objects.requireNonNull(value, "listener"));
        return this;
    }

    /** The validated configuration. */
    public MqttClientConfig config() {
        if (server == null) {
            throw new IllegalArgumentException("no server: set serverUrl(\"mqtt://host:port\")");
        }
        return new MqttClientConfig(server, protocolVersion, clientId == null ? randomClientId() : clientId,
                keepAliveSeconds, cleanSession, sessionExpirySeconds, username, password, connectTimeout, tls,
                reconnect, resubscribe, offlineBufferSize, maxInflight, maximumPacketSize, will,
                connectUserProperties, callbackExecutor);
    }

    /** A new, not yet connected client. */
    public HeraldMqttClient build() {
        return new DefaultMqttClient(config(), listeners);
    }
}
