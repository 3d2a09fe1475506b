package io.herald.platform.mqtt;

import io.herald.broker.Broker;
import io.herald.platform.auth.Credential;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** The {@link BrokerGateway} on the broker's public facade ({@link Broker}). Thread-safe. */
public final class BrokerFacadeGateway implements BrokerGateway {

    private final Broker broker;

    public BrokerFacadeGateway(Broker broker) {
        this.broker = broker;
    }

    @Override
    public CompletionStage<PublishResult> publish(OutgoingMessage message, Credential publisher) {
        return broker.publish(message.topic(), message.payload(), message.qos(), message.retain())
                .thenApply(v -> PublishResult.accepted(-1, true));
    }

    @Override
    public CompletionStage<List<SessionView>> sessions() {
        return CompletableFuture.failedFuture(new UnsupportedOperationException("sessions need the broker seams"));
    }

    @Override
    public CompletionStage<Boolean> disconnect(String clientId, boolean discard) {
        return broker.disconnect(clientId, "disconnected through the REST API");
    }

    @Override
    public CompletionStage<List<RetainedView>> retained(String filter, int limit) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException("retained reads need the broker seams"));
    }

    @Override
    public CompletionStage<Optional<RetainedView>> retainedMessage(String topic) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException("retained reads need the broker seams"));
    }

    @Override
    public CompletionStage<Boolean> clearRetained(String topic) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException("retained reads need the broker seams"));
    }

    @Override
    public boolean storeUp() {
        return true;
    }
}
