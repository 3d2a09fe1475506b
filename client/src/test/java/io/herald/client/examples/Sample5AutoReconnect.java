package io.herald.client.examples;

import static io.herald.client.examples.Timers.print;
import static io.herald.client.examples.Timers.setInterval;

import io.herald.client.Mqtt;
import io.herald.client.MqttClient;
import io.herald.client.MqttError;
import java.util.Map;

/** Seed 001, sample 5: automatic reconnect, and a publish/subscribe loopback every 15 seconds. */
public final class Sample5AutoReconnect {

    private Sample5AutoReconnect() {}

    public static void main(String[] args) throws InterruptedException {
        String url = args.length > 0 ? args[0] : "mqtt://foo.bar:1883";
        MqttClient client = Mqtt.connect(url, Map.of("reconnectCount", 1855));
        if (client == null) {
            throw new IllegalStateException("Failed to create mqtt instance");
        }
        client.on("error", (MqttError err) -> {
            print("ERROR: " + err.code() + " ERRNO: " + client.get("errnoConnect"));
        });
        client.on("message", (String topic, String message) -> {
            print("TOPIC: " + topic + " MESSAGE: " + message);
        });
        client.on("connect", () -> {
            print("CONNECTED");
            client.subscribe("testtopic/subtopic/#", Map.of("qos", 1), err -> {
                if (err.code() > 0) {
                    print("MQTT SUBSCRIBE ERROR", err.code());
                }
            });
            client.subscribe("shadowtopic/#", Map.of("qos", 1), err -> {
                if (err.code() > 0) {
                    print("MQTT SUBSCRIBE ERROR", err.code());
                }
            });
        });
        setInterval(() -> {
            if (client.canPublish()) {
                String body = "{\"message\":\"dummy\"}";
                client.publish("testtopic/subtopic/dummy", body, Map.of("qos", 1), err -> {
                    if (err.code() == 0) {
                        print("Publish OK");
                    } else {
                        print("Publish failed");
                    }
                });
            } else {
                print("Cannot publish");
            }
        }, 15_000);
        Timers.runForever();
    }
}
