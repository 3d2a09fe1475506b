package io.herald.client.internal;

import io.herald.client.BlockingMqttClient;
import io.herald.client.ClientListener;
import io.herald.client.ClientState;
import io.herald.client.ConnAck;
import io.herald.client.HeraldMqttClient;
import io.herald.client.MqttClientConfig;
import io.herald.client.MqttClientException;
import io.herald.client.MqttError;
import io.herald.client.PublishMessage;
import io.herald.client.PublishResult;
import io.herald.client.SubAck;
import io.herald.client.Subscription;
import io.herald.client.TlsConfig;
import io.herald.client.UnsubAck;
import io.netty.channel.EventLoop;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The {@link HeraldMqttClient} implementation: hands every call to the {@link ClientSession} on the
 * client's event loop and returns futures completed on the callback executor.
 *
 * <p>Threads: thread-safe; all mutable state lives in the session, owned by the event loop, except
 * the TLS settings, which are volatile.
 */
public final class DefaultMqttClient implements HeraldMqttClient {

    private final MqttClientConfig config;
    private final EventLoop loop;
    private final Callbacks callbacks;
    private final ClientSession session;
    private volatile TlsConfig tls;

    public DefaultMqttClient(MqttClientConfig config, List<ClientListener> listeners) {
        this(config, listeners, Clock.systemUTC());
    }

    DefaultMqttClient(MqttClientConfig config, List<ClientListener> listeners, Clock clock) {
        this.config = Objects.requireNonNull(config, "config");
        this.tls = config.tls();
        this.loop = SharedResources.ioGroup().next();
        this.callbacks = new Callbacks(config.callbackExecutor(), listeners);
        this.session = new ClientSession(config, loop, callbacks, clock, new SplittableRandom(),
                new Connector(config, loop, () -> tls));
    }

    @Override
    public MqttClientConfig config() {
        return config;
    }

    @Override
    public CompletableFuture<ConnAck> connect() {
        return call(session::connect);
    }

    @Override
    public CompletableFuture<PublishResult> publish(PublishMessage message) {
        Objects.requireNonNull(message, "message");
        return call(f -> session.publish(message, f));
    }

    @Override
    public CompletableFuture<SubAck> subscribe(List<Subscription> subscriptions) {
        List<Subscription> copy = List.copyOf(subscriptions);
        if (copy.isEmpty()) {
            // [MQTT-3.8.3-3] a SUBSCRIBE carries at least one filter
            return failed(MqttError.ILLEGAL_ARGUMENT, "subscribe needs at least one topic filter");
        }
        return call(f -> session.subscribe(copy, f));
    }

    @Override
    public CompletableFuture<UnsubAck> unsubscribe(List<String> filters) {
        List<String> copy = List.copyOf(filters);
        if (copy.isEmpty()) {
            // [MQTT-3.10.3-2] an UNSUBSCRIBE carries at least one filter
            return failed(MqttError.ILLEGAL_ARGUMENT, "unsubscribe needs at least one topic filter");
        }
        try {
            copy.forEach(TopicNames::checkTopicFilter);
        } catch (IllegalArgumentException e) {
            return failed(MqttError.ILLEGAL_ARGUMENT, e.getMessage());
        }
        return call(f -> session.unsubscribe(copy, f));
    }

    @Override
    public CompletableFuture<Void> disconnect() {
        return call(f -> session.disconnect(f, false));
    }

    @Override
    public void reconnect() {
        execute(session::reconnect);
    }

    @Override
    public ClientState state() {
        return session.state();
    }

    @Override
    public boolean isReconnecting() {
        return session.reconnecting();
    }

    @Override
    public boolean canPublish() {
        return session.canPublish();
    }

    @Override
    public int errnoConnect() {
        return session.errnoConnect();
    }

    @Override
    public void tls(TlsConfig value) {
        this.tls = Objects.requireNonNull(value, "tls");
    }

    @Override
    public TlsConfig tls() {
        return tls;
    }

    @Override
    public void addListener(ClientListener listener) {
        callbacks.add(Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public void removeListener(ClientListener listener) {
        callbacks.remove(listener);
    }

    @Override
    public BlockingMqttClient blocking() {
        Duration timeout = config.connectTimeout().isZero() ? Duration.ofSeconds(60)
                : config.connectTimeout().plusSeconds(30);
        return new BlockingMqttClient(this, timeout);
    }

    @Override
    public CompletableFuture<Void> closeAsync() {
        return call(x -> session.disconnect(x, true));
    }

    @Override
    public void close() {
        CompletableFuture<Void> f = closeAsync();
        if (!wouldDeadlock()) {
            try {
                f.get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    /** True on a thread where waiting for this client's futures would block the thread that completes them. */
    private boolean wouldDeadlock() {
        return callbacks.onCallbackThread() || loop.inEventLoop();
    }

    private <T> CompletableFuture<T> call(Consumer<CompletableFuture<T>> op) {
        ClientFuture<T> f = new ClientFuture<>(this::wouldDeadlock);
        execute(() -> op.accept(f));
        return f;
    }

    private void execute(Runnable task) {
        try {
            loop.execute(task);
        } catch (RejectedExecutionException e) {
            throw MqttClientException.of(MqttError.OTHER, "the client's I/O thread has stopped");
        }
    }

    private <T> CompletableFuture<T> failed(int code, String detail) {
        ClientFuture<T> f = new ClientFuture<>(this::wouldDeadlock);
        f.completeExceptionally(MqttClientException.of(code, detail));
        return f;
    }
}
