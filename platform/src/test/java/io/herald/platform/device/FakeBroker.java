package io.herald.platform.device;

import io.herald.platform.auth.Credential;
import io.herald.platform.mqtt.BrokerGateway;
import io.herald.platform.mqtt.InboundHandler;
import io.herald.platform.mqtt.InboundMessage;
import io.herald.platform.mqtt.InboundVerdict;
import io.herald.platform.mqtt.OutgoingMessage;
import io.herald.platform.mqtt.PublishResult;
import io.herald.platform.mqtt.RetainedView;
import io.herald.platform.mqtt.ConnectionListener;
import io.herald.platform.mqtt.SessionView;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

/** A gateway without a broker: records what the platform publishes, lets a test play the broker's part. */
final class FakeBroker implements BrokerGateway {

    final List<OutgoingMessage> published = new CopyOnWriteArrayList<>();
    volatile int matched = 1;
    volatile InboundHandler handler;
    volatile List<String> filters;
    volatile ConnectionListener listener;

    @Override
    public CompletionStage<PublishResult> publish(OutgoingMessage message, Credential publisher) {
        published.add(message);
        return CompletableFuture.completedFuture(PublishResult.accepted(matched, true));
    }

    InboundVerdict inbound(InboundMessage m) {
        return handler.inspect(m).toCompletableFuture().join();
    }

    @Override
    public CompletionStage<List<SessionView>> sessions() {
        return CompletableFuture.completedFuture(List.of());
    }

    @Override
    public CompletionStage<Boolean> disconnect(String clientId, boolean discard) {
        return CompletableFuture.completedFuture(false);
    }

    @Override
    public CompletionStage<List<RetainedView>> retained(String filter, int limit) {
        return CompletableFuture.completedFuture(List.of());
    }

    @Override
    public CompletionStage<Optional<RetainedView>> retainedMessage(String topic) {
        return CompletableFuture.completedFuture(Optional.empty());
    }

    @Override
    public CompletionStage<Boolean> clearRetained(String topic) {
        return CompletableFuture.completedFuture(false);
    }

    @Override
    public boolean storeUp() {
        return true;
    }

    @Override
    public AutoCloseable intercept(List<String> filters, InboundHandler handler) {
        this.filters = filters;
        this.handler = handler;
        return () -> this.handler = null;
    }

    @Override
    public void addSessionListener(ConnectionListener listener) {
        this.listener = listener;
    }
}
