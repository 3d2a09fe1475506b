package io.herald.client.examples;

import static io.herald.client.examples.Timers.print;
import static io.herald.client.examples.Timers.setInterval;

import io.herald.client.Mqtt;
import io.herald.client.MqttClient;
import io.herald.client.MqttError;
import java.util.Map;

/** Seed 001, sample 6: manual reconnect; after 24 failures in a row the instance is ended and made anew. */
public final class Sample6ManualReconnect {

    private static String mqttUrl = "mqtt://foo.bar:1883";
    private static int reconnectAttempts;
    private static final int MAX_RECONNECT_ATTEMPTS = 24;
    private static volatile MqttClient client;

    private Sample6ManualReconnect() {}

    private static void registerEventHandlers() {
        MqttClient c = client;
        if (c == null) {
            return;
        }
        c.on("error", (MqttError err) -> {
            print("ERROR: " + err.code() + " ERRNO: " + c.get("errnoConnect"));
            if (err.code() == 1) { // Connection failed
                if (reconnectAttempts++ < MAX_RECONNECT_ATTEMPTS) {
                    print("reconnectAttempts:", reconnectAttempts);
                    c.reconnect();
                } else {
                    print("ABORT");
                    reconnectAttempts = 0;
                    c.end(); // Release mqtt instance
                    client = null;
                }
            }
        });
        c.on("message", (String topic, String message) -> {
            print("TOPIC: " + topic + " MESSAGE: " + message);
        });
        c.on("close", () -> {
            print("DISCONNECTED");
            c.reconnect();
        });
        c.on("connect", () -> {
            reconnectAttempts = 0;
            print("CONNECTED");
            c.subscribe("foo_topic/device01/#", Map.of("qos", 1), err -> {
                if (err.code() > 0) {
                    print("MQTT SUBSCRIBE ERROR", err.code());
                }
            });
        });
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length > 0) {
            mqttUrl = args[0];
        }
        client = Mqtt.connect(mqttUrl);
        if (client == null) {
            throw new IllegalStateException("Failed to create mqtt instance");
        }
        registerEventHandlers();
        setInterval(() -> {
            if (client == null) {
                print("mqtt instance recreate");
                client = Mqtt.connect(mqttUrl);
                registerEventHandlers();
            }
            MqttClient c = client;
            if (c != null && c.canPublish()) {
                String body = "{\"message\":\"dummy\"}";
                c.publish("foo_topic/device01/dummy", body, Map.of("qos", 1), err -> {
                    if (err.code() == 0) {
                        print("Publish OK");
                    } else {
                        print("Publish failed");
                    }
                });
            }
        }, 15_000);
        Timers.runForever();
    }
}
