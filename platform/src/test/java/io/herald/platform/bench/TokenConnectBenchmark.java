package io.herald.platform.bench;

import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3Client;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Not a test: measures how long N MQTT clients take to connect with a platform token as the user name
 * (the token check is SHA-256 and a map look-up), and the CONNECT-to-CONNACK latency percentiles.
 * Run by hand against a running server (docs/benchmarks.md has the command):
 * {@code TokenConnectBenchmark HOST PORT TOKEN CLIENTS IN_FLIGHT}.
 */
public final class TokenConnectBenchmark {

    private TokenConnectBenchmark() {}

    public static void main(String[] args) throws Exception {
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        String token = args[2];
        int clients = Integer.parseInt(args[3]);
        int inFlight = Integer.parseInt(args[4]);
        Semaphore window = new Semaphore(inFlight);
        long[] latencies = new long[clients];
        AtomicInteger failed = new AtomicInteger();
        List<Mqtt3AsyncClient> connected = new ArrayList<>(clients);
        List<CompletableFuture<?>> all = new ArrayList<>(clients);
        long start = System.nanoTime();
        for (int i = 0; i < clients; i++) {
            window.acquire();
            Mqtt3AsyncClient c = Mqtt3Client.builder().identifier("bench-" + i).serverHost(host).serverPort(port)
                    .buildAsync();
            connected.add(c);
            int index = i;
            long sent = System.nanoTime();
            all.add(c.connectWith().keepAlive(600).simpleAuth().username(token).password(new byte[0])
                    .applySimpleAuth().send().whenComplete((ack, e) -> {
                        latencies[index] = System.nanoTime() - sent;
                        if (e != null) {
                            failed.incrementAndGet();
                        }
                        window.release();
                    }));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).exceptionally(e -> null).get(10, TimeUnit.MINUTES);
        long total = System.nanoTime() - start;
        Arrays.sort(latencies);
        System.out.printf("%d clients, %d failed, all connected after %.2f s (%.0f connects/s); CONNECT latency ms"
                        + " p50 %.2f p99 %.2f max %.2f%n", clients, failed.get(), total / 1e9, clients / (total / 1e9),
                latencies[clients / 2] / 1e6, latencies[(int) (clients * 0.99)] / 1e6, latencies[clients - 1] / 1e6);
        for (Mqtt3AsyncClient c : connected) {
            c.disconnect();
        }
    }
}
