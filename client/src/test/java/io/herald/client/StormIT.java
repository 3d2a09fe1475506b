package io.herald.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.client.support.HeraldBroker;
import io.herald.client.support.MosquittoBroker;
import io.herald.client.support.Recorder;
import io.herald.client.support.TestBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Seed 000's reconnect storm: two clients with one client id, both reconnecting automatically, keep
 * taking the session from each other. The SDK must notice and stop with an error instead of looping.
 */
@Timeout(60)
class StormIT {

    private final List<HeraldMqttClient> clients = new ArrayList<>();
    private TestBroker broker;

    @AfterEach
    void tearDown() {
        clients.forEach(HeraldMqttClient::close);
        broker.close();
    }

    @ParameterizedTest(name = "{0} protocol level {1}")
    @CsvSource({"herald, 4", "herald, 5", "mosquitto, 4", "mosquitto, 5"})
    void twoClientsWithOneClientId_stormIsReportedAndTheFightStops(String name, int level) {
        broker = name.equals("herald") ? HeraldBroker.launch() : MosquittoBroker.launch();
        String id = "storm-" + System.nanoTime();
        Recorder a = new Recorder();
        Recorder b = new Recorder();
        HeraldMqttClient first = client(id, level, a);
        HeraldMqttClient second = client(id, level, b);
        first.blocking().connect();
        second.connect();

        await().atMost(Duration.ofSeconds(30)).until(() -> stormError(a) || stormError(b));
        HeraldMqttClient stopped = stormError(a) ? first : second;
        HeraldMqttClient survivor = stopped == first ? second : first;
        Recorder survivorEvents = stopped == first ? b : a;
        await().until(() -> stopped.state() == ClientState.DISCONNECTED);
        assertThat(stopped.isReconnecting()).isFalse();
        await().until(() -> survivor.state() == ClientState.CONNECTED);
        int connects = survivorEvents.connects.size();
        // the survivor keeps its connection: no more takeovers
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .until(() -> survivor.state() == ClientState.CONNECTED && survivorEvents.connects.size() == connects);
        MqttClientException error = (stormError(a) ? a : b).errors.stream()
                .filter(e -> e.getMessage().contains("reconnect storm")).findFirst().orElseThrow();
        assertThat(error.code()).isEqualTo(MqttError.OTHER);
        assertThat(error.getMessage()).contains(id);

        stopped.reconnect();
        await().until(() -> (stopped == first ? a : b).errors.stream()
                .anyMatch(e -> e.getMessage().contains("reconnect refused")));
        assertThat(stopped.state()).isEqualTo(ClientState.DISCONNECTED);
    }

    private static boolean stormError(Recorder r) {
        return r.errors.stream().anyMatch(e -> e.getMessage().contains("reconnect storm"));
    }

    private HeraldMqttClient client(String id, int level, Recorder recorder) {
        HeraldMqttClient c = HeraldMqttClient.builder().serverUrl(broker.url()).clientId(id)
                .protocolVersion(ProtocolVersion.ofLevel(level))
                .reconnect(ReconnectPolicy.forever().withBackoff(Duration.ZERO, Duration.ofMillis(20),
                        Duration.ofMillis(100)).withStormDetection(3, Duration.ofSeconds(5)))
                .listener(recorder).build();
        clients.add(c);
        return c;
    }
}
