package io.herald.client;

import io.herald.client.internal.SeedEvents;
import io.herald.client.internal.SeedOptions;
import io.herald.client.internal.SerialExecutor;
import io.herald.client.internal.SharedResources;
import io.herald.client.internal.TopicNames;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The seed-001 {@code {Client}}: events with {@link #on}, {@link #publish}, {@link #subscribe},
 * {@link #unsubscribe}, {@link #end}, {@link #reconnect} and the status methods, on top of a
 * {@link HeraldMqttClient}. Make one with {@link Mqtt#connect(String, Map)}.
 *
 * <p>Events: {@code connect} (the {@link ConnAck}), {@code reconnect}, {@code close}, {@code error}
 * (an {@link MqttError}), {@code end}, {@code message} (topic, and the message as a {@code String},
 * or {@code byte[]} when the subscription had {@code bin: true}). Operations that take a callback
 * call it exactly once with the outcome ({@link MqttError#OK} on success) and return
 * {@link MqttError#OK} when they accepted the request, or the error when they did not (the callback
 * also gets it). Failures of operations without a callback go to the {@code error} event.
 *
 * <p>Threads: thread-safe. Handlers and callbacks run one at a time, in order, on the client's own
 * callback executor, never on the I/O thread.
 */
public final class MqttClient {

    /** Bytes the seed counts on top of topic and message against the send and receive buffers. */
    public static final int HEADER_BYTES = 9;

    private final HeraldMqttClient core;
    private final SeedEvents events;
    private final int sendBuffSize;
    private final int recvBuffSize;
    private final Map<String, Boolean> binaryFilters = new ConcurrentHashMap<>();
    private volatile boolean ended;

    private MqttClient(SeedOptions.Settings settings) {
        SerialExecutor executor = new SerialExecutor(SharedResources.callbackPool());
        this.events = new SeedEvents(executor);
        this.sendBuffSize = settings.sendBuffSize();
        this.recvBuffSize = settings.recvBuffSize();
        this.core = settings.builder().callbackExecutor(executor).listener(new ClientListener() {
            @Override
            public void connected(ConnAck connAck) {
                events.emit("connect", connAck);
            }

            @Override
            public void reconnecting(int attempt, Duration delay) {
                events.emit("reconnect");
            }

            @Override
            public void disconnected(MqttClientException cause) {
                events.emit("close");
            }

            @Override
            public void error(MqttClientException error) {
                events.emit("error", error.error());
            }

            @Override
            public void message(ReceivedMessage message) {
                deliver(message);
            }
        }).build();
    }

    static MqttClient start(SeedOptions.Settings settings) {
        MqttClient client = new MqttClient(settings);
        client.core.connect();
        return client;
    }

    /**
     * Registers a typed handler: {@code on(MqttEvent.ERROR, err -> log(err.code()))},
     * {@code on(MqttEvent.MESSAGE, (topic, msg) -> show(topic, msg))}.
     */
    public <L> void on(MqttEvent<L> event, L handler) {
        events.on(event.name(), event.adapt(handler));
    }

    /** Registers a handler that ignores the event's arguments. */
    public void on(String event, Runnable callback) {
        events.on(event, args -> callback.run());
    }

    /**
     * Registers a handler for the event's first argument: the {@link ConnAck} of {@code connect},
     * the {@link MqttError} of {@code error}, the topic of {@code message}. Java infers {@code T}
     * from an explicitly typed lambda ({@code (MqttError err) -> …}); {@link #on(MqttEvent, Object)}
     * needs no types at all.
     */
    @SuppressWarnings("unchecked")
    public <T> void on(String event, Consumer<T> callback) {
        events.on(event, args -> callback.accept(args.length > 0 ? (T) args[0] : null));
    }

    /** Registers a {@code message} handler: topic, and the message as String or byte[] (see {@code bin}). */
    @SuppressWarnings("unchecked")
    public <T> void on(String event, BiConsumer<String, T> callback) {
        events.on(event, args -> callback.accept(args.length > 0 ? (String) args[0] : null,
                args.length > 1 ? (T) args[1] : null));
    }

    public MqttError publish(String topic, Object message) {
        return publish(topic, message, Map.of(), null);
    }

    public MqttError publish(String topic, Object message, Consumer<MqttError> callback) {
        return publish(topic, message, Map.of(), callback);
    }

    public MqttError publish(String topic, Object message, Map<String, ?> options) {
        return publish(topic, message, options, null);
    }

    /**
     * Publishes {@code message} (a String, sent as UTF-8, or byte[]) with options {@code qos} (0, 1,
     * 2), {@code retain} and {@code dup}. The callback gets {@link MqttError#OK} once the message is
     * written (QoS 0) or acknowledged (QoS 1/2).
     */
    public MqttError publish(String topic, Object message, Map<String, ?> options, Consumer<MqttError> callback) {
        PublishMessage m;
        try {
            byte[] payload = payload(message);
            TopicNames.checkTopicName(topic);
            int size = HEADER_BYTES + topic.getBytes(StandardCharsets.UTF_8).length + payload.length;
            if (size > sendBuffSize) {
                throw new IllegalArgumentException("topic and message take " + size + " bytes with the header; "
                        + "sendBuffSize is " + sendBuffSize);
            }
            Map<String, ?> o = options(options, Set.of("qos", "retain", "dup"));
            m = new PublishMessage(topic, payload, qos(o), SeedOptions.flag(o, "retain"), SeedOptions.flag(o, "dup"), MessageProperties.NONE);
        } catch (IllegalArgumentException e) {
            return reject(MqttError.ILLEGAL_ARGUMENT, e.getMessage(), callback);
        }
        if (ended || !core.canPublish()) {
            return reject(MqttError.DISCONNECTED, "not connected", callback);
        }
        report(core.publish(m), MqttError.PUBLISH_FAILED, callback);
        return MqttError.OK;
    }

    public MqttError subscribe(String topic) {
        return subscribe(topic, Map.of(), null);
    }

    public MqttError subscribe(String topic, Consumer<MqttError> callback) {
        return subscribe(topic, Map.of(), callback);
    }

    public MqttError subscribe(String topic, Map<String, ?> options) {
        return subscribe(topic, options, null);
    }

    /** Subscribes with options {@code qos} (0, 1, 2) and {@code bin} (messages as byte[] instead of String). */
    public MqttError subscribe(String topic, Map<String, ?> options, Consumer<MqttError> callback) {
        Subscription s;
        boolean bin;
        try {
            Map<String, ?> o = options(options, Set.of("qos", "bin"));
            s = Subscription.of(topic, qos(o));
            bin = SeedOptions.flag(o, "bin");
        } catch (IllegalArgumentException e) {
            return reject(MqttError.ILLEGAL_ARGUMENT, e.getMessage(), callback);
        }
        if (ended || !core.canPublish()) {
            return reject(MqttError.DISCONNECTED, "not connected", callback);
        }
        binaryFilters.put(topic, bin);
        CompletableFuture<MqttError> outcome = core.subscribe(List.of(s)).thenApply(ack -> {
            if (ack.allGranted()) {
                return MqttError.OK;
            }
            binaryFilters.remove(topic);
            return MqttError.of(MqttError.SUBSCRIBE_FAILED, "the server refused " + topic + " with code "
                    + ack.reasonCodes().get(0));
        });
        report(outcome, MqttError.SUBSCRIBE_FAILED, callback);
        return MqttError.OK;
    }

    public MqttError unsubscribe(String topic) {
        return unsubscribe(topic, null);
    }

    public MqttError unsubscribe(String topic, Consumer<MqttError> callback) {
        try {
            TopicNames.checkTopicFilter(topic);
        } catch (IllegalArgumentException e) {
            return reject(MqttError.ILLEGAL_ARGUMENT, e.getMessage(), callback);
        }
        if (ended || !core.canPublish()) {
            return reject(MqttError.DISCONNECTED, "not connected", callback);
        }
        CompletableFuture<MqttError> outcome = core.unsubscribe(List.of(topic)).thenApply(ack -> {
            if (!ack.allAccepted()) {
                return MqttError.of(MqttError.UNSUBSCRIBE_FAILED, "the server refused " + topic + " with code "
                        + ack.reasonCodes().get(0));
            }
            binaryFilters.remove(topic);
            return MqttError.OK;
        });
        report(outcome, MqttError.UNSUBSCRIBE_FAILED, callback);
        return MqttError.OK;
    }

    /** {@link #end(Runnable)} without a callback. */
    public void end() {
        end(null);
    }

    /**
     * Emits {@code end}, disconnects and releases the client; {@code callback} runs once the
     * connection is closed. The client cannot be used afterwards.
     */
    public void end(Runnable callback) {
        if (ended) {
            return;
        }
        ended = true;
        events.emit("end");
        core.closeAsync().whenComplete((v, e) -> {
            if (callback != null) {
                events.run(callback);
            }
        });
    }

    /**
     * Starts a reconnection (closing the current connection if there is one); no-op after {@link #end}.
     * At most one attempt per {@code reconnectPeriod} (and at least 100 ms apart): calling it from an
     * {@code error} handler while the broker is down waits out the period instead of spinning.
     */
    public void reconnect() {
        if (!ended) {
            core.reconnect();
        }
    }

    public boolean isConnected() {
        return !ended && core.state() == ClientState.CONNECTED;
    }

    public boolean isReconnecting() {
        return !ended && core.isReconnecting();
    }

    public boolean canPublish() {
        return !ended && core.canPublish();
    }

    /** {@code get("errnoConnect")}: the connection error number ({@link ErrnoConnect}); null for other names. */
    public Integer get(String name) {
        return "errnoConnect".equals(name) ? core.errnoConnect() : null;
    }

    /** Sets {@code ssl.ca}, {@code ssl.cert} or {@code ssl.key} of this client, for its next connection. */
    public void set(String name, String pem) {
        core.tls(Mqtt.apply(core.tls(), name, pem));
    }

    /** The idiomatic client underneath, for what the seed's API does not offer. */
    public HeraldMqttClient unwrap() {
        return core;
    }

    private void deliver(ReceivedMessage m) {
        byte[] payload = m.payload();
        int size = HEADER_BYTES + m.topic().getBytes(StandardCharsets.UTF_8).length + payload.length;
        if (size > recvBuffSize) {
            events.emit("error", MqttError.of(MqttError.OTHER, "discarded a message on " + m.topic() + ": "
                    + size + " bytes with the header exceed recvBuffSize " + recvBuffSize));
            return;
        }
        boolean bin = binaryFilters.entrySet().stream()
                .anyMatch(e -> e.getValue() && TopicNames.matches(e.getKey(), m.topic()));
        events.emit("message", m.topic(), bin ? payload : new String(payload, StandardCharsets.UTF_8));
    }

    private void report(CompletableFuture<?> future, int failureCode, Consumer<MqttError> callback) {
        future.whenComplete((value, e) -> {
            MqttError outcome = e == null ? value instanceof MqttError err ? err : MqttError.OK : errorOf(e, failureCode);
            if (callback != null) {
                events.run(() -> callback.accept(outcome));
            } else if (!outcome.isOk()) {
                events.emit("error", outcome);
            }
        });
    }

    private static MqttError errorOf(Throwable e, int failureCode) {
        Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null
                ? e.getCause() : e;
        return cause instanceof MqttClientException m ? m.error()
                : MqttError.of(failureCode, String.valueOf(cause.getMessage()));
    }

    private MqttError reject(int code, String detail, Consumer<MqttError> callback) {
        MqttError error = MqttError.of(code, detail);
        if (callback != null) {
            events.run(() -> callback.accept(error));
        }
        return error;
    }

    private static byte[] payload(Object message) {
        if (message instanceof String s) {
            return s.getBytes(StandardCharsets.UTF_8);
        }
        if (message instanceof byte[] b) {
            return b;
        }
        throw new IllegalArgumentException("message must be a String or byte[], not "
                + (message == null ? "null" : message.getClass().getSimpleName()));
    }

    private static Map<String, ?> options(Map<String, ?> options, Set<String> known) {
        Map<String, ?> o = options == null ? Map.of() : options;
        for (String key : o.keySet()) {
            if (!known.contains(key)) {
                throw new IllegalArgumentException("unknown option '" + key + "'; known: " + known);
            }
        }
        return o;
    }

    private static int qos(Map<String, ?> o) {
        Object v = o.get("qos");
        if (v == null) {
            return 0;
        }
        if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())
                || n.intValue() < 0 || n.intValue() > 2) {
            throw new IllegalArgumentException("qos must be 0, 1 or 2, not " + v);
        }
        return n.intValue();
    }
}
