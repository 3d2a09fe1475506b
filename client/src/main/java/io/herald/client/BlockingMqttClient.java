package io.herald.client;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A view of a {@link HeraldMqttClient} whose methods wait for the outcome and throw
 * {@link MqttClientException} on failure. Thread-safe like the client; never call it from a listener
 * or future callback of the same client running on its own executor, which would wait for itself.
 */
public final class BlockingMqttClient {

    private final HeraldMqttClient client;
    private final Duration timeout;

    public BlockingMqttClient(HeraldMqttClient client, Duration timeout) {
        this.client = Objects.requireNonNull(client, "client");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    /** The same view with another limit on how long each call waits. */
    public BlockingMqttClient withTimeout(Duration value) {
        return new BlockingMqttClient(client, value);
    }

    /** The client behind this view. */
    public HeraldMqttClient async() {
        return client;
    }

    public ConnAck connect() {
        return await(client.connect());
    }

    public PublishResult publish(PublishMessage message) {
        return await(client.publish(message));
    }

    public SubAck subscribe(List<Subscription> subscriptions) {
        return await(client.subscribe(subscriptions));
    }

    public SubAck subscribe(String filter, int qos) {
        return await(client.subscribe(filter, qos));
    }

    public UnsubAck unsubscribe(List<String> filters) {
        return await(client.unsubscribe(filters));
    }

    public void disconnect() {
        await(client.disconnect());
    }

    private <T> T await(CompletableFuture<T> future) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof MqttClientException m) {
                throw m;
            }
            throw MqttClientException.of(MqttError.OTHER, String.valueOf(e.getCause()));
        } catch (TimeoutException e) {
            throw MqttClientException.of(MqttError.OTHER, "no answer within " + timeout.toMillis() + " ms");
        } catch (CancellationException e) {
            throw MqttClientException.of(MqttError.OTHER, "cancelled");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw MqttClientException.of(MqttError.OTHER, "interrupted");
        }
    }
}
