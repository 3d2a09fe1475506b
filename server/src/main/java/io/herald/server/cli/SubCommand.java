package io.herald.server.cli;

import io.herald.client.BlockingMqttClient;
import io.herald.client.ClientListener;
import io.herald.client.HeraldMqttClient;
import io.herald.client.HeraldMqttClientBuilder;
import io.herald.client.MqttClientException;
import io.herald.client.MqttError;
import io.herald.client.ReceivedMessage;
import io.herald.client.SubAck;
import io.herald.client.Subscription;
import io.herald.client.UserProperty;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code herald sub}: subscribes and prints what arrives, in the manner of mosquitto_sub. Not
 * thread-safe: picocli fills the fields, then {@link #call()} runs once; messages are printed from the
 * client's callback thread.
 */
@Command(
        name = "sub",
        description = {
            "Subscribes to topics on an MQTT server (Herald or any other) and prints each message on its own line:",
            "the payload, 'topic payload' with -v, or a JSON object with --json."
        },
        sortOptions = false,
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:-C messages received, or -W seconds passed without -C",
            "1:connection failed or lost, or the server refused a subscription",
            "2:bad usage: an invalid option or value",
            "3:-W seconds passed before -C messages arrived"
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  herald sub -t 'sensors/#' -v",
            "  herald sub -t cmd/device01 -q 1 -C 1 -W 30",
            "  HERALD_TOKEN=<token> herald sub -t 'project/#' -v",
            "  herald sub -t 'sensors/+/temp' --json | jq .payload",
            "  herald sub --transport wss -h example.com --cafile ca.pem -t news"
        })
public final class SubCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--help", usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Option(names = {"-t", "--topic"}, required = true, description = "Topic filter to subscribe to, repeatable.")
    List<String> topics;

    @Option(names = {"-q", "--qos"}, defaultValue = "0", description = "Maximum QoS 0, 1 or 2 (default: ${DEFAULT-VALUE}).")
    int qos;

    @Option(names = {"-C", "--count"}, description = "Exit after this many messages.")
    Integer count;

    @Option(names = {"-W", "--timeout"}, paramLabel = "SECONDS", description = "Exit after this many seconds.")
    Integer timeout;

    @Option(names = {"-v", "--verbose"}, description = "Print 'topic payload'.")
    boolean verbose;

    @Option(names = "--json", description = "Print each message as a JSON object on one line.")
    boolean json;

    @Option(names = {"-c", "--disable-clean-session"}, description = "Keep the session on the server (needs -i).")
    boolean persistent;

    @Mixin
    MqttCliOptions mqtt;

    @Override
    public Integer call() throws InterruptedException {
        mqtt.check(qos >= 0 && qos <= 2, "--qos must be 0, 1 or 2");
        mqtt.check(count == null || count > 0, "--count must be positive");
        mqtt.check(timeout == null || timeout > 0, "--timeout must be positive");
        mqtt.check(!(verbose && json), "-v and --json exclude each other");
        mqtt.check(!persistent || mqtt.clientId != null, "-c needs a client id (-i)");
        List<Subscription> subscriptions;
        try {
            subscriptions = topics.stream().map(t -> Subscription.of(t, qos)).toList();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--topic: " + e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        MessageFormat format = json ? MessageFormat.JSON : verbose ? MessageFormat.VERBOSE : MessageFormat.PAYLOAD;
        CountDownLatch done = new CountDownLatch(1);
        AtomicInteger received = new AtomicInteger();
        AtomicReference<MqttClientException> lost = new AtomicReference<>();
        HeraldMqttClientBuilder builder = mqtt.builder().cleanSession(!persistent).listener(new ClientListener() {
            @Override
            public void message(ReceivedMessage m) {
                int n = received.incrementAndGet();
                if (count == null || n <= count) {
                    out.println(format.format(m));
                    out.flush();
                }
                if (count != null && n >= count) {
                    done.countDown();
                }
            }

            @Override
            public void disconnected(MqttClientException cause) {
                if (cause != null) {
                    lost.set(cause);
                    done.countDown();
                }
            }
        });
        for (UserProperty p : mqtt.userProperties()) {
            builder.connectUserProperty(p.name(), p.value());
        }
        try (HeraldMqttClient client = builder.build()) {
            BlockingMqttClient blocking = client.blocking();
            try {
                blocking.connect();
            } catch (MqttClientException e) {
                return ClientRun.fail(err, "sub", "connection failed", e);
            }
            SubAck ack;
            try {
                ack = blocking.subscribe(subscriptions);
            } catch (MqttClientException e) {
                return ClientRun.fail(err, "sub", "subscribe failed", e);
            }
            for (int i = 0; i < subscriptions.size(); i++) {
                int code = ack.reasonCodes().get(i);
                if (code >= 0x80) {
                    return ClientRun.fail(err, "sub", "subscribe failed", MqttClientException.of(
                            MqttError.SUBSCRIBE_FAILED, String.format("the server refused %s (code 0x%02X)",
                                    subscriptions.get(i).filter(), code)));
                }
            }
            boolean finished = timeout == null ? awaitForever(done) : done.await(timeout, TimeUnit.SECONDS);
            if (lost.get() != null) {
                return ClientRun.fail(err, "sub", "connection lost", lost.get());
            }
            client.disconnect();
            return !finished && count != null ? ExitCodes.TIMEOUT : ExitCodes.OK;
        }
    }

    private static boolean awaitForever(CountDownLatch done) throws InterruptedException {
        done.await();
        return true;
    }
}
