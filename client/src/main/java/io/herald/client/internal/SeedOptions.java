package io.herald.client.internal;

import io.herald.client.HeraldMqttClient;
import io.herald.client.HeraldMqttClientBuilder;
import io.herald.client.ProtocolVersion;
import io.herald.client.ReconnectPolicy;
import io.herald.client.ServerAddress;
import io.herald.client.TlsConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Reads the options object of seed 001's {@code mqtt.connect(url, options)} and checks each value
 * against the seed's ranges; an invalid one is an {@link IllegalArgumentException} saying which and
 * why. Stateless.
 */
public final class SeedOptions {

    /** What {@code mqtt.connect} configures: the client and the seed's buffer sizes. */
    public record Settings(HeraldMqttClientBuilder builder, int sendBuffSize, int recvBuffSize) {}

    /** The seed's value of {@code reconnectCount} for reconnecting forever. */
    public static final int RECONNECT_FOREVER = 1855;

    private static final Set<String> KNOWN = Set.of("keepalive", "clientId", "protocolId", "protocolVersion",
            "reconnectPeriod", "connectTimeout", "username", "password", "reconnectCount", "sendBuffSize",
            "recvBuffSize", "reconnectBackoff");

    private SeedOptions() {}

    public static Settings parse(String url, Map<String, ?> options, TlsConfig tls) {
        ServerAddress server = ServerAddress.parse(url);
        Map<String, ?> o = options == null ? Map.of() : options;
        for (String key : o.keySet()) {
            if (!KNOWN.contains(key)) {
                throw new IllegalArgumentException("unknown option '" + key + "'; known: " + KNOWN);
            }
        }
        long keepalive = number(o, "keepalive", 60, 0, Integer.MAX_VALUE);
        String clientId = o.containsKey("clientId") ? singleByte(o, "clientId", 127)
                : randomClientId();
        int version = (int) number(o, "protocolVersion", 4, 3, 5);
        String protocolId = o.containsKey("protocolId") ? string(o, "protocolId")
                : ProtocolVersion.ofLevel(version).protocolName();
        if (!protocolId.equals(ProtocolVersion.ofLevel(version).protocolName())) {
            throw new IllegalArgumentException("protocolId '" + protocolId + "' does not fit protocolVersion "
                    + version + "; use '" + ProtocolVersion.ofLevel(version).protocolName() + "'");
        }
        long reconnectPeriod = number(o, "reconnectPeriod", 1000, 0, 10_000);
        long connectTimeout = number(o, "connectTimeout", 30_000, 0, Integer.MAX_VALUE);
        long reconnectCount = number(o, "reconnectCount", 0, 0, RECONNECT_FOREVER);
        boolean exponential = flag(o, "reconnectBackoff");
        if (reconnectCount > 999 && reconnectCount != RECONNECT_FOREVER) {
            throw new IllegalArgumentException("reconnectCount must be 0..999, or 1855 for forever, not "
                    + reconnectCount);
        }
        int sendBuffSize = (int) number(o, "sendBuffSize", 2560, 128, 65_536);
        int recvBuffSize = (int) number(o, "recvBuffSize", 512, 128, 65_536);

        HeraldMqttClientBuilder b = HeraldMqttClient.builder()
                .server(server)
                .protocolVersion(ProtocolVersion.ofLevel(version))
                .clientId(clientId)
                // MQTT carries at most 65535 s; the seed's larger values mean "very long"
                .keepAlive(Duration.ofSeconds(Math.min(keepalive, 65_535)))
                .connectTimeout(Duration.ofMillis(connectTimeout))
                .tls(tls)
                .reconnect(policy(reconnectCount, reconnectPeriod, exponential));
        if (o.containsKey("username")) {
            b.username(singleByte(o, "username", 511));
        }
        if (o.containsKey("password")) {
            if (!o.containsKey("username") && version < 5) {
                throw new IllegalArgumentException("password needs a username on MQTT 3");
            }
            b.password(singleByte(o, "password", 511));
        }
        return new Settings(b, sendBuffSize, recvBuffSize);
    }

    /**
     * The seed's reconnect: wait {@code reconnectPeriod} before every attempt, as the seed describes
     * it; with {@code reconnectBackoff: true}, seed 004's exponential backoff with jitter instead, from
     * {@code reconnectPeriod} up to 30 s (or the period, when longer).
     */
    private static ReconnectPolicy policy(long count, long periodMillis, boolean exponential) {
        if (count == 0) {
            return ReconnectPolicy.disabled();
        }
        Duration period = Duration.ofMillis(periodMillis);
        ReconnectPolicy forever = ReconnectPolicy.forever()
                .withMaxAttempts(count == RECONNECT_FOREVER ? ReconnectPolicy.FOREVER : (int) count);
        if (!exponential) {
            return forever.withBackoff(period, Duration.ZERO, period).withJitter(1.0, 1.0);
        }
        Duration max = period.compareTo(Duration.ofSeconds(30)) > 0 ? period : Duration.ofSeconds(30);
        return forever.withBackoff(Duration.ZERO, period, max);
    }

    /** The seed's default client id: {@code mqttjs_} and 8 random decimal digits. */
    public static String randomClientId() {
        return "mqttjs_" + String.format("%08d", ThreadLocalRandom.current().nextInt(100_000_000));
    }

    /** The boolean option {@code key}; false when absent. */
    public static boolean flag(Map<String, ?> o, String key) {
        Object v = o.get(key);
        if (v == null) {
            return false;
        }
        if (!(v instanceof Boolean b)) {
            throw new IllegalArgumentException(key + " must be true or false, not " + v);
        }
        return b;
    }

    private static long number(Map<String, ?> o, String key, long absent, long min, long max) {
        Object v = o.get(key);
        if (v == null) {
            if (o.containsKey(key)) {
                throw new IllegalArgumentException(key + " is null");
            }
            return absent;
        }
        if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
            throw new IllegalArgumentException(key + " must be an integer, not " + v);
        }
        long value = n.longValue();
        if (value < min || value > max) {
            throw new IllegalArgumentException(key + " must be " + min + ".." + max + ", not " + value);
        }
        return value;
    }

    private static String string(Map<String, ?> o, String key) {
        if (!(o.get(key) instanceof String s)) {
            throw new IllegalArgumentException(key + " must be a string");
        }
        return s;
    }

    /** A string of 1..{@code maxBytes} single-byte (printable ASCII) characters, as the seed allows. */
    private static String singleByte(Map<String, ?> o, String key, int maxBytes) {
        String s = string(o, key);
        int bytes = s.getBytes(StandardCharsets.UTF_8).length;
        if (bytes < 1 || bytes > maxBytes) {
            throw new IllegalArgumentException(key + " must be 1.." + maxBytes + " bytes, not " + bytes);
        }
        if (!s.chars().allMatch(c -> c > 0x20 && c < 0x7F)) {
            throw new IllegalArgumentException(key + " must consist of single-byte printable characters");
        }
        return s;
    }
}
