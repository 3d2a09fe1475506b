package io.herald.broker.listener;

import java.util.Objects;

/**
 * One listener the broker binds besides plain MQTT: its name (in log lines, metrics and
 * {@code listening ...} lines), what it speaks and where it binds. Immutable.
 *
 * @param host address to bind; null binds the broker's {@code bind} address
 * @param port 0 asks the OS for a free port
 */
public record ListenerSpec(String name, Kind kind, String host, int port) {

    /** What a listener speaks on its socket. */
    public enum Kind {
        /** MQTT over TCP. */
        TCP(false, false),
        /** MQTT over TLS. */
        TLS(true, false),
        /** MQTT over WebSocket. */
        WS(false, true),
        /** MQTT over WebSocket over TLS. */
        WSS(true, true);

        private final boolean tls;
        private final boolean webSocket;

        Kind(boolean tls, boolean webSocket) {
            this.tls = tls;
            this.webSocket = webSocket;
        }

        public boolean tls() {
            return tls;
        }

        public boolean webSocket() {
            return webSocket;
        }
    }

    public ListenerSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a listener needs a name");
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("listener " + name + ": port must be 0..65535: " + port);
        }
    }

    /** This spec, binding {@code defaultHost} when it names no host of its own. */
    public String hostOr(String defaultHost) {
        return host != null ? host : defaultHost;
    }
}
