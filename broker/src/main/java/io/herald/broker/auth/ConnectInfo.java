package io.herald.broker.auth;

import java.net.SocketAddress;

/**
 * What a client presents in CONNECT, handed to the {@link Authenticator}.
 *
 * @param username null when the client sent none
 * @param password null when the client sent none; the array belongs to the authenticator for this call
 * @param protocolLevel 3 (MQTT 3.1), 4 (3.1.1) or 5
 */
public record ConnectInfo(
        String clientId, String username, byte[] password, int protocolLevel, SocketAddress remoteAddress) {}
