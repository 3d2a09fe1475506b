package io.herald.client;

/** Where a client is in its life. */
public enum ClientState {
    /** Not connected and not trying to connect. */
    DISCONNECTED,
    /** Opening a connection or waiting for CONNACK. */
    CONNECTING,
    /** Connected: CONNACK accepted. */
    CONNECTED,
    /** Waiting for the backoff delay before the next reconnect attempt. */
    WAITING_TO_RECONNECT,
    /** Closed for good: {@link HeraldMqttClient#close()} was called. */
    CLOSED
}
