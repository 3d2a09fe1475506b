package io.herald.platform.device;

import io.herald.broker.SessionEvent;
import io.herald.broker.SessionListener;
import io.herald.broker.auth.Principal;
import io.herald.broker.publish.InboundPublish;
import io.herald.broker.publish.PublishInterceptor;
import io.herald.broker.publish.PublishOutcome;
import io.herald.broker.publish.PublishRequest;
import io.herald.broker.publish.PublishVerdict;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

/** A broker that is no broker: records what the platform publishes, lets a test play the broker's part. */
final class FakeBroker implements DeviceBroker {

    final List<PublishRequest> published = new CopyOnWriteArrayList<>();
    volatile int matched = 1;
    volatile PublishInterceptor interceptor;
    volatile List<String> filters;
    volatile SessionListener listener;

    @Override
    public CompletionStage<PublishOutcome> publish(PublishRequest request) {
        published.add(request);
        return CompletableFuture.completedFuture(new PublishOutcome(matched, CompletableFuture.completedFuture(null)));
    }

    @Override
    public AutoCloseable intercept(List<String> filters, PublishInterceptor interceptor) {
        this.filters = filters;
        this.interceptor = interceptor;
        return () -> this.interceptor = null;
    }

    @Override
    public void addSessionListener(SessionListener listener) {
        this.listener = listener;
    }

    PublishVerdict inbound(InboundPublish p) {
        return interceptor.inspect(p).toCompletableFuture().join();
    }

    void connected(String clientId, Principal who, Instant at) {
        listener.onEvent(new SessionEvent.Connected(clientId, who, 4, "tcp", null, at));
    }

    void disconnected(String clientId, Principal who, String reason, Instant at) {
        listener.onEvent(new SessionEvent.Disconnected(clientId, who, reason, at));
    }
}
