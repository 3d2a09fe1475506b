package io.herald.client.support;

/**
 * A broker a test talks to: Herald or Mosquitto, on 127.0.0.1 and a free port. Not AutoCloseable on
 * purpose: JUnit closes AutoCloseable arguments of parameterized tests after each invocation.
 */
public interface TestBroker {

    /** A short name for test display names. */
    String name();

    /** The plain MQTT port. */
    int port();

    /** {@code mqtt://127.0.0.1:PORT}. */
    default String url() {
        return "mqtt://127.0.0.1:" + port();
    }

    /** Stops the broker, keeping its port; {@link #start()} brings it back on the same port. */
    void stop();

    void start();

    /** Stops the broker for good. */
    void close();
}
