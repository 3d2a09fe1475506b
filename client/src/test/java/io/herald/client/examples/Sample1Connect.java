package io.herald.client.examples;

import static io.herald.client.examples.Timers.print;
import static io.herald.client.examples.Timers.setInterval;

import io.herald.client.Mqtt;
import io.herald.client.MqttClient;
import io.herald.client.MqttError;

/** Seed 001, sample 1: an MQTT connection; a 10-second timer publishes while connected. */
public final class Sample1Connect {

    private Sample1Connect() {}

    public static void main(String[] args) throws InterruptedException {
        String url = args.length > 0 ? args[0] : "mqtt://foo.bar";
        MqttClient client = Mqtt.connect(url);
        if (client == null) {
            print("Failed to create mqtt instance");
        } else {
            client.on("connect", connack -> {
                print("CONNECTED");
                client.subscribe("foo_topic/device01");
            });
            client.on("error", (MqttError err) -> {
                print("ERROR: " + err.code() + " ERRNO: " + client.get("errnoConnect"));
                if (1 == err.code()) { // Connection failed
                    client.reconnect();
                }
            });
            client.on("close", () -> {
                print("DISCONNECTED");
                client.reconnect();
            });
            client.on("message", (String topic, String message) -> {
                print("TOPIC: " + topic + " MESSAGE: " + message);
            });
        }
        setInterval(() -> {
            if (client == null) {
                return;
            }
            if (client.isConnected()) {
                int dummyBatteryLevel = 10;
                if (10 >= dummyBatteryLevel) {
                    client.publish("bar_topic/device01",
                            "Battery level : "
                            + Integer.toString(dummyBatteryLevel)
                            + "%");
                }
            } else {
                print("Skipped");
            }
        }, 10_000);
        Timers.runForever();
    }
}
