package io.herald.platform.push;

import io.herald.broker.Broker;
import io.herald.broker.publish.DeliveryTracker;
import io.herald.broker.publish.FanoutOutcome;
import io.herald.broker.publish.FanoutRequest;
import java.util.List;
import java.util.concurrent.CompletionStage;

/** The {@link PushGateway} on the broker's facade. Thread-safe. */
public final class BrokerPushGateway implements PushGateway {

    private final Broker broker;

    public BrokerPushGateway(Broker broker) {
        this.broker = broker;
    }

    @Override
    public CompletionStage<Void> pin(String mqttTopic) {
        return broker.pinSession(mqttTopic, mqttTopic, 1);
    }

    @Override
    public CompletionStage<Boolean> unpin(String mqttTopic, String reason) {
        return broker.unpinSession(mqttTopic, reason);
    }

    @Override
    public Fanout fanout(List<String> mqttTopics, byte[] payload, long expirySeconds, String trackingId) {
        FanoutOutcome outcome = broker.fanout(new FanoutRequest(mqttTopics, payload, 1, expirySeconds,
                "application/json", true, trackingId));
        return new Fanout(outcome.matched(), outcome.durable());
    }

    @Override
    public void track(String trackingId, DeliveryTracker tracker) {
        broker.track(trackingId, tracker);
    }

    @Override
    public void stopTracking(String trackingId) {
        broker.stopTracking(trackingId);
    }
}
