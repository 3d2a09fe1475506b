package io.herald.platform.mqtt;

import java.util.concurrent.CompletionStage;

/**
 * Inspects client PUBLISH packets on the topics it registered for (see {@link BrokerGateway#intercept}).
 * Called on a broker event loop: it must not block; the verdict may complete later on any thread.
 */
@FunctionalInterface
public interface InboundHandler {

    CompletionStage<InboundVerdict> inspect(InboundMessage message);
}
