package io.herald.broker.auth;

import java.net.SocketAddress;

/**
 * What a client presents in CONNECT, handed to the {@link Authenticator}.
 *
 * @param username null when the client sent none
 * @param password null when the client sent none; the array belongs to the authenticator for this call
 * @param protocolLevel 3 (MQTT 3.1), 4 (3.1.1) or 5
 * @param clientCertificate the verified certificate of a mutual-TLS connection; null when the
 *     connection is not TLS, or the listener did not ask for one, or the client sent none
 */
public record ConnectInfo(String clientId, String username, byte[] password, int protocolLevel,
        SocketAddress remoteAddress, ClientCertificate clientCertificate) {}
