package io.herald.client;

import io.herald.client.internal.SeedOptions;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The seed-001 {@code mqtt} global object: {@link #connect(String, Map)} makes a connecting
 * {@link MqttClient}, {@link #set(String, String)} sets the TLS certificates later connections use.
 * Code written against the seed's samples ports line by line:
 *
 * <pre>{@code
 * MqttClient client = Mqtt.connect("mqtt://foo.bar", Map.of("clientId", "testClientId", "keepalive", 300));
 * if (client == null) {
 *     System.out.println("Failed to create mqtt instance: " + Mqtt.lastError());
 * }
 * }</pre>
 *
 * <p>Threads: thread-safe. The TLS settings are process-wide, like the seed's global object; the
 * last error is per thread, like {@code errno}.
 */
public final class Mqtt {

    private static final Logger LOG = LoggerFactory.getLogger(Mqtt.class);
    private static final AtomicReference<TlsConfig> TLS = new AtomicReference<>(TlsConfig.DEFAULT);
    private static final ThreadLocal<MqttError> LAST_ERROR = ThreadLocal.withInitial(() -> MqttError.OK);

    private Mqtt() {}

    /** {@link #connect(String, Map)} with default options. */
    public static MqttClient connect(String url) {
        return connect(url, Map.of());
    }

    /**
     * Starts connecting to {@code url} ({@code mqtt://host[:1883]}, {@code mqtts://host[:8883]},
     * {@code ws://…}, {@code wss://…}) with the seed's options: keepalive, clientId, protocolId,
     * protocolVersion (3, 4 or 5), reconnectPeriod (the fixed wait before each reconnect attempt),
     * connectTimeout, username, password, reconnectCount (0 none, 1..999, 1855 forever), sendBuffSize,
     * recvBuffSize; and, beyond the seed, {@code reconnectBackoff: true} for seed 004's exponential
     * backoff with jitter starting at reconnectPeriod. The default client id is {@code mqttjs_} and 8
     * random digits, as the seed says.
     *
     * @return the client, or null when an argument is invalid; {@link #lastError()} then says why
     */
    public static MqttClient connect(String url, Map<String, ?> options) {
        try {
            SeedOptions.Settings settings = SeedOptions.parse(url, options, TLS.get());
            LAST_ERROR.set(MqttError.OK);
            return MqttClient.start(settings);
        } catch (IllegalArgumentException e) {
            MqttError error = MqttError.of(MqttError.ILLEGAL_ARGUMENT, e.getMessage());
            LAST_ERROR.set(error);
            LOG.warn("mqtt.connect refused: {}", e.getMessage());
            return null;
        }
    }

    /**
     * Sets {@code ssl.ca}, {@code ssl.cert} or {@code ssl.key} to a PEM string for connections made
     * from now on; null or empty releases the setting.
     *
     * @throws IllegalArgumentException for any other name
     */
    public static void set(String name, String arg) {
        TLS.updateAndGet(t -> apply(t, name, arg));
    }

    /** Releases the setting {@code name}, as the seed's {@code mqtt.set(name)} without an argument. */
    public static void set(String name) {
        set(name, null);
    }

    /** Why the last {@link #connect} on this thread returned null; {@link MqttError#OK} if it did not. */
    public static MqttError lastError() {
        return LAST_ERROR.get();
    }

    static TlsConfig apply(TlsConfig t, String name, String pem) {
        return switch (name == null ? "" : name) {
            case "ssl.ca" -> t.withCa(pem);
            case "ssl.cert" -> t.withCert(pem);
            case "ssl.key" -> t.withKey(pem);
            default -> throw new IllegalArgumentException("unknown setting '" + name
                    + "'; use ssl.ca, ssl.cert or ssl.key");
        };
    }
}
