package io.herald.client;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * Everything a {@link HeraldMqttClient} is configured with. Immutable and validated; build it with
 * {@link HeraldMqttClient#builder()}.
 *
 * @param server where the server is
 * @param protocolVersion MQTT 3.1, 3.1.1 or 5
 * @param clientId the client id; empty asks the server to assign one (MQTT 3.1.1 with a clean session, MQTT 5)
 * @param keepAliveSeconds 0 (off) to 65535
 * @param cleanSession MQTT 3: clean session; MQTT 5: clean start
 * @param sessionExpirySeconds MQTT 5 session expiry interval, 0 to 4294967295
 * @param username user name, or null
 * @param password password bytes, or null (needs a user name)
 * @param connectTimeout how long to wait for CONNACK after starting to connect; zero waits forever
 * @param tls TLS settings for mqtts:// and wss://
 * @param reconnect automatic reconnect and storm detection
 * @param resubscribe subscribe again after a reconnect that found no session on the server
 * @param offlineBufferSize publishes kept while not connected, sent on (re)connect; 0 refuses them
 * @param maxInflight QoS 1/2 publishes awaiting acknowledgement at once (the server's Receive Maximum may lower it)
 * @param maximumPacketSize largest packet accepted from the server, in bytes
 * @param will the will message, or null
 * @param connectUserProperties MQTT 5 user properties sent with CONNECT
 * @param callbackExecutor where listeners and future callbacks run, or null for the client's own ordered executor
 */
public record MqttClientConfig(
        ServerAddress server,
        ProtocolVersion protocolVersion,
        String clientId,
        int keepAliveSeconds,
        boolean cleanSession,
        long sessionExpirySeconds,
        String username,
        byte[] password,
        Duration connectTimeout,
        TlsConfig tls,
        ReconnectPolicy reconnect,
        boolean resubscribe,
        int offlineBufferSize,
        int maxInflight,
        int maximumPacketSize,
        PublishMessage will,
        List<UserProperty> connectUserProperties,
        Executor callbackExecutor) {

    /** MQTT's own limit on a packet: a remaining length of at most 268,435,455 bytes plus the fixed header. */
    public static final int MQTT_MAX_PACKET_SIZE = 268_435_455 + 5;

    public MqttClientConfig {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(protocolVersion, "protocolVersion");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(reconnect, "reconnect");
        connectUserProperties = List.copyOf(connectUserProperties);
        password = password == null ? null : password.clone();
        check(keepAliveSeconds >= 0 && keepAliveSeconds <= 65_535, "keepAlive must be 0..65535 seconds");
        check(sessionExpirySeconds >= 0 && sessionExpirySeconds <= 0xFFFF_FFFFL,
                "sessionExpiry must be 0..4294967295 seconds");
        check(!connectTimeout.isNegative(), "connectTimeout must not be negative");
        check(offlineBufferSize >= 0, "offlineBufferSize must be >= 0");
        check(maxInflight >= 1 && maxInflight <= 65_535, "maxInflight must be 1..65535");
        check(maximumPacketSize >= 16 && maximumPacketSize <= MQTT_MAX_PACKET_SIZE,
                "maximumPacketSize must be 16..268435460");
        check(clientId.getBytes(StandardCharsets.UTF_8).length <= 65_535, "clientId is longer than 65535 bytes");
        // MQTT 3.1 limits client ids to 23 characters, but brokers accept longer ones (Herald and
        // Mosquitto take 127 bytes and more): refusing is the server's call (CONNACK 0x02, errnoConnect 2).
        if (clientId.isEmpty() && protocolVersion == ProtocolVersion.MQTT_3_1_1) {
            // [MQTT-3.1.3-7] a zero-byte client id needs CleanSession=1
            check(cleanSession, "an empty client id needs a clean session on MQTT 3.1.1");
        }
        if (password != null && username == null && protocolVersion != ProtocolVersion.MQTT_5) {
            // [MQTT-3.1.2-22] no password without a user name on MQTT 3
            throw new IllegalArgumentException("a password needs a user name on MQTT 3");
        }
        if (username != null) {
            check(username.getBytes(StandardCharsets.UTF_8).length <= 65_535, "username is longer than 65535 bytes");
        }
        if (password != null) {
            check(password.length <= 65_535, "password is longer than 65535 bytes");
        }
    }

    /** The password, copied; null when none. */
    @Override
    public byte[] password() {
        return password == null ? null : password.clone();
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    @Override
    public String toString() {
        return "MqttClientConfig[server=" + server + ", clientId=" + clientId + ", protocolVersion="
                + protocolVersion + ", keepAlive=" + keepAliveSeconds + ", cleanSession=" + cleanSession
                + ", username=" + username + ", reconnect=" + reconnect + "]";
    }
}
