package io.herald.broker.publish;

import java.util.concurrent.CompletionStage;

/**
 * Sees every client PUBLISH on the topic filters it was registered for ({@code Broker.intercept}) before
 * the broker acknowledges or routes it, whatever the subscriptions, and accepts or refuses it. The
 * broker asks only after its own checks passed (topic, payload format); the publisher's rights are
 * still checked when an accepted message is routed. Messages published in-process and wills are not
 * intercepted.
 *
 * <p>Threads: {@link #inspect} runs on the publisher's session event loop and must not block; the stage
 * may complete on any thread (the broker brings the verdict back to that loop). A verdict that is
 * complete when {@code inspect} returns is applied at once, so the publisher's message order is kept
 * [MQTT-4.6.0-6]; later verdicts are applied in the order they complete, and acknowledgements still go
 * out in the order the PUBLISH packets came [MQTT-4.6.0-2]. A stage that fails refuses with 0x80. The
 * stage must complete: until it does, the message is neither acknowledged nor routed.
 */
@FunctionalInterface
public interface PublishInterceptor {

    CompletionStage<PublishVerdict> inspect(InboundPublish publish);
}
