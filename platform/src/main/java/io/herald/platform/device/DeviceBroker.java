package io.herald.platform.device;

import io.herald.broker.Broker;
import io.herald.broker.SessionListener;
import io.herald.broker.publish.PublishInterceptor;
import io.herald.broker.publish.PublishOutcome;
import io.herald.broker.publish.PublishRequest;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * The three things the device side asks of the broker, all on its public API: publish (commands,
 * messages down), inspect device topics before they are acknowledged (the inbound hook), hear of
 * connections (session events). An interface so that the device logic is tested without sockets.
 * Implementations are thread-safe and never block.
 */
public interface DeviceBroker {

    /** See {@link Broker#publish(PublishRequest)}. */
    CompletionStage<PublishOutcome> publish(PublishRequest request);

    /** See {@link Broker#intercept}. */
    AutoCloseable intercept(List<String> filters, PublishInterceptor interceptor);

    /** See {@link Broker#addSessionListener}. */
    void addSessionListener(SessionListener listener);

    /** The running broker. */
    static DeviceBroker of(Broker broker) {
        return new DeviceBroker() {
            @Override
            public CompletionStage<PublishOutcome> publish(PublishRequest request) {
                return broker.publish(request);
            }

            @Override
            public AutoCloseable intercept(List<String> filters, PublishInterceptor interceptor) {
                return broker.intercept(filters, interceptor);
            }

            @Override
            public void addSessionListener(SessionListener listener) {
                broker.addSessionListener(listener);
            }
        };
    }
}
