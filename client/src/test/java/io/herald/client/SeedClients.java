package io.herald.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The seed-API clients a test opens ({@code @RegisterExtension}), all ended after each test. Used by the
 * test thread; the list is concurrent only because the client library's threads may outlive a test.
 */
final class SeedClients implements AfterEachCallback {

    private final List<MqttClient> clients = new CopyOnWriteArrayList<>();

    /** {@link Mqtt#connect} that must return a client (the connection may still be on its way). */
    MqttClient connect(String url, Map<String, ?> options) {
        MqttClient c = Mqtt.connect(url, options);
        assertThat(c).as(String.valueOf(Mqtt.lastError())).isNotNull();
        clients.add(c);
        return c;
    }

    /** {@link #connect}, then waits until the client is connected. */
    MqttClient connected(String url, Map<String, ?> options) {
        MqttClient c = connect(url, options);
        await().until(c::isConnected);
        return c;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        clients.forEach(MqttClient::end);
        clients.clear();
    }
}
