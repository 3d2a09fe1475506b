package io.herald.client;

import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A seed-001 event with the type of its handler, so that {@code client.on(MqttEvent.ERROR, err ->
 * err.code())} compiles without casts: the constant's type tells the compiler what the lambda gets.
 * {@link MqttClient#on(String, Consumer)} stays for code ported from the seed's JavaScript. Immutable.
 *
 * @param <L> the handler's type
 */
public final class MqttEvent<L> {

    /** The connection was accepted: the server's {@link ConnAck}. */
    public static final MqttEvent<Consumer<ConnAck>> CONNECT =
            new MqttEvent<>("connect", l -> args -> l.accept((ConnAck) args[0]));
    /** A reconnection starts. */
    public static final MqttEvent<Runnable> RECONNECT = new MqttEvent<>("reconnect", l -> args -> l.run());
    /** The connection closed. */
    public static final MqttEvent<Runnable> CLOSE = new MqttEvent<>("close", l -> args -> l.run());
    /** Something failed: the {@link MqttError}. */
    public static final MqttEvent<Consumer<MqttError>> ERROR =
            new MqttEvent<>("error", l -> args -> l.accept((MqttError) args[0]));
    /** {@link MqttClient#end} finished. */
    public static final MqttEvent<Runnable> END = new MqttEvent<>("end", l -> args -> l.run());
    /**
     * A message arrived: its topic, and the message as a {@code String}, or {@code byte[]} when the
     * subscription had {@code bin: true}.
     */
    public static final MqttEvent<BiConsumer<String, Object>> MESSAGE =
            new MqttEvent<>("message", l -> args -> l.accept((String) args[0], args[1]));

    private final String name;
    private final Function<L, Consumer<Object[]>> adapter;

    private MqttEvent(String name, Function<L, Consumer<Object[]>> adapter) {
        this.name = name;
        this.adapter = adapter;
    }

    /** The seed's name of the event, as {@link MqttClient#on(String, Runnable)} takes it. */
    public String name() {
        return name;
    }

    Consumer<Object[]> adapt(L handler) {
        return adapter.apply(handler);
    }

    @Override
    public String toString() {
        return name;
    }
}
