package io.herald.client.examples;

import static io.herald.client.examples.Timers.print;
import static io.herald.client.examples.Timers.setInterval;
import static io.herald.client.examples.Timers.setTimeout;

import io.herald.client.Mqtt;
import io.herald.client.MqttClient;
import java.util.Map;

/**
 * Seed 001, sample 4: repeatedly connects and, every 30 seconds, ends the connection. The seed's busy
 * {@code while(1)} loop with {@code setTimeout(200).wait()} becomes a 200 ms timer tick here.
 */
public final class Sample4StartAndEnd {

    private static volatile MqttClient mqttc;
    private static volatile int endEv;

    private Sample4StartAndEnd() {}

    public static void main(String[] args) throws InterruptedException {
        String mqttUrl = args.length > 0 ? args[0] : "mqtt://foo.bar:1883";
        setInterval(() -> {
            print("end event");
            endEv = 1;
        }, 30_000);
        setTimeout(() -> loop(mqttUrl), 0);
        Timers.runForever();
    }

    private static void loop(String mqttUrl) {
        if (mqttc == null) {
            mqttc = Mqtt.connect(mqttUrl, Map.of("reconnectCount", 1855));
            if (mqttc == null) {
                print("Waiting for mqtt resource release");
                setTimeout(() -> loop(mqttUrl), 200);
                return;
            }
            mqttc.on("connect", connack -> print("CONNECTED"));
            // ...Omitted: Registers an event handler.
        }
        // ...Omitted: mqtt communication processing.
        if (1 == endEv) {
            endEv = 0;
            print("ABORT");
            mqttc.end();
            mqttc = null;
        }
        setTimeout(() -> loop(mqttUrl), 200);
    }
}
