package io.herald.client.examples;

import static io.herald.client.examples.Timers.print;
import static io.herald.client.examples.Timers.setInterval;

import io.herald.client.Mqtt;
import io.herald.client.MqttClient;
import io.herald.client.MqttError;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Seed 001, sample 3: MQTTS with a client certificate, reconnecting forever. */
public final class Sample3ClientCertificate {

    private Sample3ClientCertificate() {}

    public static void main(String[] args) throws Exception {
        String url = args.length > 0 ? args[0] : "mqtts://foo.bar:8883";
        String sslCa = pem(args, 1, "CERTIFICATE");
        String sslClientCert = pem(args, 2, "CERTIFICATE");
        String sslClientKey = pem(args, 3, "PRIVATE KEY");
        Mqtt.set("ssl.ca", sslCa);
        Mqtt.set("ssl.cert", sslClientCert);
        Mqtt.set("ssl.key", sslClientKey);
        String mqttClientId = "foo";
        String mqttUser = "foo";
        String mqttPass = "foobar";
        Map<String, Object> mqttOpt = Map.of("clientId", mqttClientId, "username", mqttUser, "password", mqttPass,
                "reconnectCount", 1855);
        MqttClient client = Mqtt.connect(url, mqttOpt);
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
            if (client != null && client.isConnected()) {
                int dummyBatteryLevel = 10;
                client.publish("bar_topic/device01", "Battery level : " + dummyBatteryLevel + "%");
            } else {
                print("Skipped");
            }
        }, 10_000);
        Timers.runForever();
    }

    private static String pem(String[] args, int i, String type) throws Exception {
        return args.length > i ? Files.readString(Path.of(args[i]))
                : "-----BEGIN " + type + "-----\n(...ContentOmission...)\n-----END " + type + "-----";
    }
}
