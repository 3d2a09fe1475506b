package io.herald.broker.listener;

import static io.herald.broker.spec.SpecClients.clientId;
import static io.herald.broker.spec.SpecClients.topic;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.herald.broker.listener.ListenerSpec.Kind;
import io.herald.testkit.EmbeddedHerald;
import io.herald.testkit.TestPki;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * MQTT.js (npm {@code mqtt} 5) in Node over ws:// and wss:// (trusting the test CA): it subscribes,
 * receives what a Java client publishes, and publishes an answer the Java client receives.
 */
@Timeout(60)
class MqttJsIT {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final TestPki pki = TestPki.create(Path.of("target", "pki", "mqttjs"), "mqttjs");

    @RegisterExtension
    static final EmbeddedHerald herald = EmbeddedHerald.create(c -> c
            .listener(new ListenerSpec("ws", Kind.WS, null, 0))
            .listener(new ListenerSpec("wss", Kind.WSS, null, 0))
            .tls(pki.serverSettings()));

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"ws", "wss"})
    void mqttJsInNode_receivesFromJava_andAnswers(String scheme) throws Exception {
        String toNode = topic("to-node");
        String fromNode = topic("from-node");
        BlockingQueue<String> answers = new LinkedBlockingQueue<>();
        MqttClient java = new MqttClient(herald.tcpUri(), clientId("java"), new MemoryPersistence());
        java.connect();
        java.subscribe(fromNode, 1, (t, m) -> answers.add(new String(m.getPayload(), UTF_8)));
        String url = scheme + "://127.0.0.1:" + herald.port(scheme) + "/mqtt";
        String[] args = scheme.equals("wss")
                ? new String[] {url, toNode, fromNode, pki.caFile().toAbsolutePath().toString()}
                : new String[] {url, toNode, fromNode};
        try (NodeScript node = NodeScript.start("mqttjs-echo.js", args)) {
            node.awaitLine("READY", WAIT);

            java.publish(toNode, ("hello " + scheme).getBytes(UTF_8), 1, false);

            node.awaitLine("RECEIVED hello " + scheme, WAIT);
            assertThat(answers.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("echo:hello " + scheme);
            assertThat(node.exitCode(WAIT)).as("node exit code; output " + node.lines()).isZero();
        } finally {
            java.disconnect();
            java.close();
        }
    }
}
