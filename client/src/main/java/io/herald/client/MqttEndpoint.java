package io.herald.client;

import java.time.Duration;
import java.util.Objects;

/**
 * Where and how an installation connects for MQTT push, as {@code GET
 * /api/installations/{installationID}/mqtt-endpoint} answers it (Kii's names): the broker's advertised
 * host and ports, the installation's credentials, the one topic it may subscribe to (also its client
 * id), and how long the credentials live. Immutable.
 *
 * <p>A port is 0 when the server does not offer that transport.
 *
 * @param ttl how long the credentials stay valid from when they were fetched
 */
public record MqttEndpoint(String installationID, String username, String password, String mqttTopic, String host,
        int portTCP, int portSSL, int portWS, int portWSS, Duration ttl) {

    public MqttEndpoint {
        Objects.requireNonNull(installationID, "installationID");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(mqttTopic, "mqttTopic");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(ttl, "ttl");
    }

    /**
     * The URL to connect to over {@code transport}, e.g. {@code mqtts://host:8883} or
     * {@code wss://host:8084/mqtt}.
     *
     * @throws IllegalStateException when the server offers no port for that transport
     */
    public String url(Transport transport) {
        int port = switch (transport) {
            case TCP -> portTCP;
            case TLS -> portSSL;
            case WS -> portWS;
            case WSS -> portWSS;
        };
        if (port <= 0) {
            throw new IllegalStateException("the server offers no " + transport + " port for MQTT push");
        }
        String h = host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
        return transport.scheme() + "://" + h + ":" + port + (transport.webSocket() ? "/mqtt" : "");
    }
}
