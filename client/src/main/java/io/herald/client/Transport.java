package io.herald.client;

/** How the client reaches the server: plain TCP, TLS, WebSocket or WebSocket over TLS. */
public enum Transport {
    /** MQTT over TCP, {@code mqtt://}, default port 1883. */
    TCP("mqtt", 1883, false, false),
    /** MQTT over TLS, {@code mqtts://}, default port 8883. */
    TLS("mqtts", 8883, true, false),
    /** MQTT over WebSocket, {@code ws://}, default port 80. */
    WS("ws", 80, false, true),
    /** MQTT over WebSocket over TLS, {@code wss://}, default port 443. */
    WSS("wss", 443, true, true);

    private final String scheme;
    private final int defaultPort;
    private final boolean secure;
    private final boolean webSocket;

    Transport(String scheme, int defaultPort, boolean secure, boolean webSocket) {
        this.scheme = scheme;
        this.defaultPort = defaultPort;
        this.secure = secure;
        this.webSocket = webSocket;
    }

    /** The URL scheme: mqtt, mqtts, ws or wss. */
    public String scheme() {
        return scheme;
    }

    /** The port used when the URL names none. */
    public int defaultPort() {
        return defaultPort;
    }

    /** True when the transport runs over TLS. */
    public boolean secure() {
        return secure;
    }

    /** True for WebSocket transports. */
    public boolean webSocket() {
        return webSocket;
    }
}
