package io.herald.bench.devices;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The device side's load (issue 17): simulated IoTDA things against Herald's platform. {@code commands}
 * connects the things, each answering every command at once, and measures synchronous REST commands'
 * round trip at a fixed rate ({@link CommandLoad}); {@code reports} has every thing report properties as
 * fast as acknowledged and measures what is acknowledged and what reaches the catalog ({@link ReportLoad}).
 * Run as {@code java -cp herald.jar io.herald.bench.devices.DeviceLoad commands|reports --token … [options]}
 * (see {@link DeviceLoadOptions#USAGE}); bench/device-commands and bench/property-ingest start a server and run it.
 *
 * <p>Threads: main runs the phases; the things share one event loop ({@code ThingConnector}); REST answers
 * come on the HTTP client's two threads; things are created over REST by 8 threads.
 */
public final class DeviceLoad {

    private DeviceLoad() {}

    public static void main(String[] args) throws Exception {
        DeviceLoadOptions options;
        try {
            options = DeviceLoadOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("DeviceLoad: " + e.getMessage());
            System.err.print(DeviceLoadOptions.USAGE);
            System.exit(2);
            return;
        }
        System.exit(run(options));
    }

    /** Runs the load; the process's exit status (0, or 1 when a command failed or a read-back mismatched). */
    static int run(DeviceLoadOptions o) throws Exception {
        try (PlatformRest rest = new PlatformRest(o.host(), o.httpPort(), o.token());
                ThingConnector connector = new ThingConnector(o.host(), o.mqttPort(), 1)) {
            List<Thing> things = o.thingsFile() != null ? Thing.parse(Files.readAllLines(o.thingsFile())) : create(rest, o.things());
            boolean commands = o.mode() == DeviceLoadOptions.Mode.COMMANDS;
            List<ThingClient> clients = things.stream()
                    .map(t -> new ThingClient(t, o.huawei(), o.protocol(), commands, o.inflight())).toList();
            long t0 = System.nanoTime();
            connector.connectAll(clients, 120);
            System.out.printf("%d things connected (MQTT %s, %s login) in %.1f s%n", clients.size(),
                    o.protocol() == 5 ? "5" : "3.1.1", o.huawei() ? "Huawei" : "id/secret", (System.nanoTime() - t0) / 1e9);
            try {
                if (commands) {
                    awaitOnline(rest, things);
                    CommandResult r = new CommandLoad(rest, things, o).run();
                    System.out.print(r.format());
                    System.out.printf("things answered %d commands in all (warm-up included)%n",
                            clients.stream().mapToLong(c -> c.commandsAnswered.get()).sum());
                    return r.failed() == 0 ? 0 : 1;
                }
                ReportResult r = new ReportLoad(rest, clients, o).run();
                System.out.print(r.format());
                return r.mismatched() == 0 && r.refused() == 0 ? 0 : 1;
            } finally {
                clients.forEach(ThingClient::disconnect);
            }
        }
    }

    /** Registers {@code n} things named {@code load-{run}-{i}} with generated secrets, 8 at a time. */
    private static List<Thing> create(PlatformRest rest, int n) throws Exception {
        String run = Long.toString(System.currentTimeMillis(), 36);
        List<Thing> things = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            things.add(new Thing("load-" + run + "-" + i, "secret-" + run + "-" + i));
        }
        long t0 = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(8, Thread.ofPlatform().name("device-load-create-", 0).factory());
        try {
            List<Callable<Void>> tasks = things.stream().<Callable<Void>>map(t -> () -> {
                rest.createThing(t);
                return null;
            }).toList();
            for (Future<Void> f : pool.invokeAll(tasks)) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        System.out.printf("%d things created over REST in %.1f s%n", n, (System.nanoTime() - t0) / 1e9);
        return things;
    }

    /** Waits until the platform counts every thing online (it learns it from session events). */
    private static void awaitOnline(PlatformRest rest, List<Thing> things) throws Exception {
        Set<String> wanted = things.stream().map(Thing::id).collect(Collectors.toSet());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            int online = 0;
            for (int offset = 0; ; offset += 1000) {
                JsonNode page = rest.get("/api/things?online=true&limit=1000&offset=" + offset).path("things");
                for (JsonNode t : page) {
                    online += wanted.contains(t.path("thingID").asText()) ? 1 : 0;
                }
                if (page.size() < 1000) {
                    break;
                }
            }
            if (online == wanted.size()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(online + " of " + wanted.size() + " things online after 60 s");
            }
            Thread.sleep(100);
        }
    }
}
