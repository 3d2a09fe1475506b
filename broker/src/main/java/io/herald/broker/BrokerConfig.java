package io.herald.broker;

import io.herald.broker.listener.ListenerSpec;
import io.herald.broker.listener.TlsSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The broker's settings: listeners and every limit. Immutable; build with {@link #builder()}.
 *
 * @param bind address the listeners bind to, unless a {@link ListenerSpec} names its own
 * @param mqttPort TCP port; 0 asks the OS for a free one; {@link #DISABLED} binds no MQTT listener
 * @param maxPacketSize largest MQTT packet accepted, in bytes; larger ones close the connection
 * @param maxInflight the operator's cap on outbound QoS 1/2 messages awaiting acknowledgement per session
 *     (more wait in the queue): a session's window is the client's MQTT 5 Receive Maximum [MQTT-3.3.4-9],
 *     or 1,000 for an MQTT 3.1/3.1.1 client, never more than this; 65,535 (the default) caps nothing
 * @param maxQueuedMessages messages kept per session while it is offline or its window is full
 * @param maxQueuedBytes bytes (topic + payload) kept per session queue
 * @param overflow what happens to a message that finds the queue full
 * @param maxConnections concurrent connections accepted, 0 for no limit
 * @param connectTimeout how long a new connection may take to send CONNECT
 * @param workerThreads event loops serving connections and sessions, 0 for one per core
 * @param receiveMaximum MQTT 5: unacknowledged QoS 1/2 PUBLISH packets a client may have towards us
 * @param topicAliasMaximum MQTT 5: topic aliases a client may set towards us, 0 for none
 * @param maxKeepAlive MQTT 5: the longest keep alive accepted, seconds; longer (or 0) requests get
 *     Server Keep Alive; 65535 accepts any
 * @param listeners listeners besides plain MQTT on {@code mqttPort}: TLS, WebSocket, WebSocket over TLS
 * @param webSocketPath the HTTP path WebSocket listeners upgrade on
 * @param tls certificates for the TLS and WSS listeners; null when there are none
 * @param maxConnectionsPerListener concurrent connections each listener accepts, 0 for no limit
 * @param connectRate new connections a second each listener accepts (bursts of as many), 0 for no limit
 * @param tlsHandshakeTimeout how long a TLS handshake may take
 * @param sysInterval how often the broker publishes its {@code $SYS/broker/...} status topics;
 *     {@link Duration#ZERO} publishes none
 */
public record BrokerConfig(
        String bind,
        int mqttPort,
        int maxPacketSize,
        int maxInflight,
        int maxQueuedMessages,
        long maxQueuedBytes,
        QueueOverflow overflow,
        int maxConnections,
        Duration connectTimeout,
        int workerThreads,
        int receiveMaximum,
        int topicAliasMaximum,
        int maxKeepAlive,
        List<ListenerSpec> listeners,
        String webSocketPath,
        TlsSettings tls,
        int maxConnectionsPerListener,
        int connectRate,
        Duration tlsHandshakeTimeout,
        Duration sysInterval) {

    /** The policy for a message that arrives at a full session queue. */
    public enum QueueOverflow {
        /** Drop the oldest queued message to make room for the new one. */
        DROP_OLDEST,
        /** Keep the queue as it is and drop the new message. */
        DROP_NEW
    }

    /** The {@code mqttPort} value that turns the plain MQTT listener off. */
    public static final int DISABLED = -1;

    /** MQTT's own limit: a remaining length of at most 268,435,455 bytes. */
    public static final int MQTT_MAX_PACKET_SIZE = 268_435_455 + 5;

    public BrokerConfig {
        Objects.requireNonNull(bind, "bind");
        Objects.requireNonNull(overflow, "overflow");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        check(mqttPort >= DISABLED && mqttPort <= 65_535, "mqttPort must be 0..65535, or DISABLED");
        check(maxPacketSize >= 64 && maxPacketSize <= MQTT_MAX_PACKET_SIZE, "maxPacketSize must be 64..268435460");
        check(maxInflight >= 1 && maxInflight <= 65_535, "maxInflight must be 1..65535");
        check(maxQueuedMessages >= 0, "maxQueuedMessages must be >= 0");
        check(maxQueuedBytes >= 0, "maxQueuedBytes must be >= 0");
        check(maxConnections >= 0, "maxConnections must be >= 0");
        check(!connectTimeout.isNegative() && !connectTimeout.isZero(), "connectTimeout must be positive");
        check(workerThreads >= 0, "workerThreads must be >= 0");
        check(receiveMaximum >= 1 && receiveMaximum <= 65_535, "receiveMaximum must be 1..65535");
        check(topicAliasMaximum >= 0 && topicAliasMaximum <= 65_535, "topicAliasMaximum must be 0..65535");
        check(maxKeepAlive >= 1 && maxKeepAlive <= 65_535, "maxKeepAlive must be 1..65535");
        listeners = List.copyOf(listeners);
        Objects.requireNonNull(webSocketPath, "webSocketPath");
        Objects.requireNonNull(tlsHandshakeTimeout, "tlsHandshakeTimeout");
        check(webSocketPath.startsWith("/") && webSocketPath.chars().noneMatch(Character::isWhitespace),
                "webSocketPath must start with / and hold no spaces: '" + webSocketPath + "'");
        check(maxConnectionsPerListener >= 0, "maxConnectionsPerListener must be >= 0");
        check(connectRate >= 0, "connectRate must be >= 0");
        check(!tlsHandshakeTimeout.isNegative() && !tlsHandshakeTimeout.isZero(), "tlsHandshakeTimeout must be positive");
        Objects.requireNonNull(sysInterval, "sysInterval");
        check(sysInterval.isZero() || sysInterval.toMillis() >= 1,
                "sysInterval must be zero (no $SYS topics) or at least a millisecond: " + sysInterval);
        Set<String> names = new HashSet<>();
        if (mqttPort != DISABLED) {
            names.add(MQTT_LISTENER);
        }
        for (ListenerSpec l : listeners) {
            check(names.add(l.name()), "two listeners are named " + l.name());
            check(!l.kind().tls() || tls != null, "listener " + l.name() + " needs TLS settings (certificate and key)");
        }
    }

    /** The name of the plain MQTT listener on {@code mqttPort}. */
    public static final String MQTT_LISTENER = "mqtt";

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder()
                .bind(bind)
                .mqttPort(mqttPort)
                .maxPacketSize(maxPacketSize)
                .maxInflight(maxInflight)
                .maxQueuedMessages(maxQueuedMessages)
                .maxQueuedBytes(maxQueuedBytes)
                .overflow(overflow)
                .maxConnections(maxConnections)
                .connectTimeout(connectTimeout)
                .workerThreads(workerThreads)
                .receiveMaximum(receiveMaximum)
                .topicAliasMaximum(topicAliasMaximum)
                .maxKeepAlive(maxKeepAlive)
                .listeners(listeners)
                .webSocketPath(webSocketPath)
                .tls(tls)
                .maxConnectionsPerListener(maxConnectionsPerListener)
                .connectRate(connectRate)
                .tlsHandshakeTimeout(tlsHandshakeTimeout)
                .sysInterval(sysInterval);
    }

    /** Builds a {@link BrokerConfig}; starts from the defaults. Not thread-safe. */
    public static final class Builder {
        private String bind = "127.0.0.1";
        private int mqttPort = 1883;
        private int maxPacketSize = 1024 * 1024;
        private int maxInflight = 65_535;
        private int maxQueuedMessages = 10_000;
        private long maxQueuedBytes = 64L * 1024 * 1024;
        private QueueOverflow overflow = QueueOverflow.DROP_OLDEST;
        private int maxConnections;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private int workerThreads;
        private int receiveMaximum = 1024;
        private int topicAliasMaximum = 256;
        private int maxKeepAlive = 65_535;
        private List<ListenerSpec> listeners = new ArrayList<>();
        private String webSocketPath = "/mqtt";
        private TlsSettings tls;
        private int maxConnectionsPerListener;
        private int connectRate;
        private Duration tlsHandshakeTimeout = Duration.ofSeconds(10);
        private Duration sysInterval = Duration.ofSeconds(10);

        public Builder bind(String v) {
            bind = v;
            return this;
        }

        public Builder mqttPort(int v) {
            mqttPort = v;
            return this;
        }

        public Builder maxPacketSize(int v) {
            maxPacketSize = v;
            return this;
        }

        public Builder maxInflight(int v) {
            maxInflight = v;
            return this;
        }

        public Builder maxQueuedMessages(int v) {
            maxQueuedMessages = v;
            return this;
        }

        public Builder maxQueuedBytes(long v) {
            maxQueuedBytes = v;
            return this;
        }

        public Builder overflow(QueueOverflow v) {
            overflow = v;
            return this;
        }

        public Builder maxConnections(int v) {
            maxConnections = v;
            return this;
        }

        public Builder connectTimeout(Duration v) {
            connectTimeout = v;
            return this;
        }

        public Builder workerThreads(int v) {
            workerThreads = v;
            return this;
        }

        public Builder receiveMaximum(int v) {
            receiveMaximum = v;
            return this;
        }

        public Builder topicAliasMaximum(int v) {
            topicAliasMaximum = v;
            return this;
        }

        public Builder maxKeepAlive(int v) {
            maxKeepAlive = v;
            return this;
        }

        /** Replaces the listeners besides plain MQTT. */
        public Builder listeners(List<ListenerSpec> v) {
            listeners = new ArrayList<>(v);
            return this;
        }

        /** Adds a listener besides plain MQTT. */
        public Builder listener(ListenerSpec v) {
            listeners.add(v);
            return this;
        }

        public Builder webSocketPath(String v) {
            webSocketPath = v;
            return this;
        }

        public Builder tls(TlsSettings v) {
            tls = v;
            return this;
        }

        public Builder maxConnectionsPerListener(int v) {
            maxConnectionsPerListener = v;
            return this;
        }

        public Builder connectRate(int v) {
            connectRate = v;
            return this;
        }

        public Builder tlsHandshakeTimeout(Duration v) {
            tlsHandshakeTimeout = v;
            return this;
        }

        /** How often the {@code $SYS/broker/...} topics are published; {@link Duration#ZERO} disables them. */
        public Builder sysInterval(Duration v) {
            sysInterval = v;
            return this;
        }

        public BrokerConfig build() {
            return new BrokerConfig(bind, mqttPort, maxPacketSize, maxInflight, maxQueuedMessages, maxQueuedBytes,
                    overflow, maxConnections, connectTimeout, workerThreads, receiveMaximum, topicAliasMaximum,
                    maxKeepAlive, listeners, webSocketPath, tls, maxConnectionsPerListener, connectRate,
                    tlsHandshakeTimeout, sysInterval);
        }
    }
}
