package io.herald.platform.mqtt;

import io.herald.broker.Broker;
import io.herald.broker.SessionEvent;
import io.herald.broker.publish.Origin;
import io.herald.broker.publish.PublishRequest;
import io.herald.broker.publish.PublishVerdict;
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
        PublishRequest.Builder b = PublishRequest.builder(message.topic(), message.payload()).qos(message.qos())
                .retain(message.retain()).messageExpirySeconds(message.messageExpirySeconds())
                .contentType(message.contentType()).payloadUtf8(message.payloadUtf8())
                .responseTopic(message.responseTopic()).correlationData(message.correlationData())
                .origin(Origin.platform());
        for (OutgoingMessage.UserProperty p : message.userProperties()) {
            b.userProperty(p.name(), p.value());
        }
        return broker.publish(b.build()).thenApply(o -> PublishResult.accepted(o.matched(), true));
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

    @Override
    public AutoCloseable intercept(List<String> filters, InboundHandler handler) {
        return broker.intercept(filters, p -> handler.inspect(new InboundMessage(p.topic(), p.payload(), p.qos(),
                        p.publisher().clientId(), p.publisher().principal(), p.protocolLevel(), p.responseTopic(),
                        p.correlationData()))
                .thenApply(v -> v.accepted() ? PublishVerdict.ACCEPT : PublishVerdict.refuse(v.reasonCode(), v.reason())));
    }

    @Override
    public void addSessionListener(ConnectionListener listener) {
        broker.addSessionListener(e -> {
            switch (e) {
                case SessionEvent.Connected c -> listener.connected(c.clientId(), c.principal(), c.protocolLevel(), c.at());
                case SessionEvent.Disconnected d -> listener.disconnected(d.clientId(), d.principal(), d.reason(), d.at());
            }
        });
    }
}
