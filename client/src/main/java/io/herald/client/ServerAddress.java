package io.herald.client;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Objects;

/**
 * Where the server is: transport, host, port and (for WebSocket) the HTTP path. Immutable and
 * validated.
 *
 * @param transport TCP, TLS, WS or WSS
 * @param host a host name or IP address (IPv6 without brackets)
 * @param port 1..65535
 * @param path the WebSocket path, starting with {@code /}; {@code /mqtt} unless the URL names one
 */
public record ServerAddress(Transport transport, String host, int port, String path) {

    /** The seed's limit on the URL's length, in bytes. */
    public static final int MAX_URL_BYTES = 255;

    public ServerAddress {
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(path, "path");
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("the server host is empty");
        }
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("port must be 1..65535, not " + port);
        }
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("the WebSocket path must start with '/': " + path);
        }
    }

    /** An address with the default WebSocket path. */
    public static ServerAddress of(Transport transport, String host, int port) {
        return new ServerAddress(transport, host, port, "/mqtt");
    }

    /**
     * Parses {@code protocol://host[:port][/path]}: protocol {@code mqtt} (or {@code tcp}),
     * {@code mqtts} (or {@code ssl}, {@code tls}), {@code ws} or {@code wss}; the port defaults to
     * the transport's ({@link Transport#defaultPort()}).
     *
     * @throws IllegalArgumentException saying what is wrong with the URL
     */
    public static ServerAddress parse(String url) {
        if (url == null || url.isEmpty()) {
            throw new IllegalArgumentException("the broker URL is empty");
        }
        if (url.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_URL_BYTES) {
            throw new IllegalArgumentException("the broker URL is longer than " + MAX_URL_BYTES + " bytes");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("the broker URL is not a valid URL: " + url, e);
        }
        if (uri.getScheme() == null) {
            throw new IllegalArgumentException("the broker URL has no protocol (mqtt://, mqtts://, ws://, wss://): " + url);
        }
        Transport transport = switch (uri.getScheme().toLowerCase(Locale.ROOT)) {
            case "mqtt", "tcp" -> Transport.TCP;
            case "mqtts", "ssl", "tls" -> Transport.TLS;
            case "ws" -> Transport.WS;
            case "wss" -> Transport.WSS;
            default -> throw new IllegalArgumentException("unknown protocol '" + uri.getScheme()
                    + "' in the broker URL; use mqtt, mqtts, ws or wss");
        };
        String host = uri.getHost();
        if (host == null) {
            throw new IllegalArgumentException("the broker URL has no valid host name: " + url);
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("put the user name and password in the options, not the URL");
        }
        int port = uri.getPort() == -1 ? transport.defaultPort() : uri.getPort();
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/mqtt" : uri.getRawPath();
        if (!transport.webSocket() && !"/mqtt".equals(path) && !"/".equals(path)) {
            throw new IllegalArgumentException("a path is only meaningful for ws:// and wss:// URLs: " + url);
        }
        return new ServerAddress(transport, host, port, path);
    }

    /** The address as a URL, e.g. {@code mqtts://example.com:8883}. */
    public String toUrl() {
        String h = host.contains(":") ? "[" + host + "]" : host;
        return transport.scheme() + "://" + h + ":" + port + (transport.webSocket() ? path : "");
    }

    @Override
    public String toString() {
        return toUrl();
    }
}
