package io.herald.server.cli;

import io.herald.client.BlockingMqttClient;
import io.herald.client.HeraldMqttClient;
import io.herald.client.MessageProperties;
import io.herald.client.MqttClientException;
import io.herald.client.PublishMessage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code herald pub}: publishes one message, a file, or stdin line by line, in the manner of
 * mosquitto_pub. Not thread-safe: picocli fills the fields, then {@link #call()} runs once.
 */
@Command(
        name = "pub",
        description = "Publishes a message to an MQTT server (Herald or any other) and waits for it to be acknowledged.",
        sortOptions = false,
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:published, and acknowledged at QoS 1 and 2",
            "1:connection failed or lost, or the server refused a publish",
            "2:bad usage: an invalid option or value"
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  herald pub -t sensors/kitchen/temp -m 21.5",
            "  herald pub -t sensors/kitchen/temp -m 21.5 -q 1 -r",
            "  herald pub -h example.com --cafile ca.pem -u dev -P secret -t a/b -f data.json",
            "  herald pub --token \"$(herald token create --acl publish:a/# --ttl 1h --json | jq -r .token)\" -t a/b -m hi",
            "  herald pub -V mqttv5 -D source=script -t a/b -m hi",
            "  tail -f app.log | herald pub -t logs/app -l"
        })
public final class PubCommand implements Callable<Integer> {

    /** Where the payload comes from: exactly one. */
    static final class Source {
        @Option(names = {"-m", "--message"}, description = "The message (UTF-8).")
        String message;

        @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "Send the file's content as the message.")
        Path file;

        @Option(names = {"-l", "--stdin-line"}, description = "Send each line of stdin as a message, until end of input.")
        boolean lines;

        @Option(names = {"-s", "--stdin-file"}, description = "Send all of stdin as one message.")
        boolean stdinWhole;

        @Option(names = {"-n", "--null-message"}, description = "Send an empty message (clears a retained one with -r).")
        boolean empty;
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--help", usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Option(names = {"-t", "--topic"}, required = true, description = "Topic to publish to.")
    String topic;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    @Option(names = {"-q", "--qos"}, defaultValue = "0", description = "QoS 0, 1 or 2 (default: ${DEFAULT-VALUE}).")
    int qos;

    @Option(names = {"-r", "--retain"}, description = "Ask the server to retain the message.")
    boolean retain;

    @Mixin
    MqttCliOptions mqtt;

    private final InputStream stdin;

    public PubCommand() {
        this(System.in);
    }

    PubCommand(InputStream stdin) {
        this.stdin = stdin;
    }

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        PublishMessage template = template();
        byte[] single = source.lines ? null : payload();
        HeraldMqttClient client = mqtt.builder().build();
        try {
            BlockingMqttClient blocking = client.blocking();
            try {
                blocking.connect();
            } catch (MqttClientException e) {
                return ClientRun.fail(err, "pub", "connection failed", e);
            }
            // only unfinished publishes are kept, so an endless `tail -f | herald pub -l` stays small
            Set<CompletableFuture<Void>> pending = ConcurrentHashMap.newKeySet();
            AtomicBoolean failed = new AtomicBoolean();
            Consumer<byte[]> send = payload -> {
                CompletableFuture<Void> done = client.publish(withPayload(template, payload)).handle((r, e) -> {
                    if (e != null) {
                        failed.set(true);
                        ClientRun.fail(err, "pub", "publish failed", e);
                    }
                    return null;
                });
                pending.add(done);
                done.thenRun(() -> pending.remove(done));
            };
            if (single != null) {
                send.accept(single);
            } else {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        send.accept(line.getBytes(StandardCharsets.UTF_8));
                    }
                } catch (IOException e) {
                    return ClientRun.fail(err, "pub", "reading stdin", e);
                }
            }
            List.copyOf(pending).forEach(CompletableFuture::join);
            int exit = failed.get() ? ExitCodes.FAILURE : ExitCodes.OK;
            try {
                blocking.disconnect();
            } catch (MqttClientException e) {
                return ClientRun.fail(err, "pub", "disconnect failed", e);
            }
            return exit;
        } finally {
            client.close();
        }
    }

    private PublishMessage template() {
        mqtt.check(qos >= 0 && qos <= 2, "--qos must be 0, 1 or 2");
        try {
            return new PublishMessage(topic, new byte[0], qos, retain, false,
                    MessageProperties.ofUserProperties(mqtt.userProperties()));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--topic: " + e.getMessage());
        }
    }

    private static PublishMessage withPayload(PublishMessage t, byte[] payload) {
        return new PublishMessage(t.topic(), payload, t.qos(), t.retain(), false, t.properties());
    }

    private byte[] payload() {
        if (source.message != null) {
            return source.message.getBytes(StandardCharsets.UTF_8);
        }
        if (source.file != null) {
            try {
                return Files.readAllBytes(source.file);
            } catch (IOException e) {
                throw new ParameterException(spec.commandLine(), "cannot read --file " + source.file + ": " + e);
            }
        }
        if (source.stdinWhole) {
            try {
                return stdin.readAllBytes();
            } catch (IOException e) {
                throw new ParameterException(spec.commandLine(), "cannot read stdin: " + e);
            }
        }
        return new byte[0];
    }
}
