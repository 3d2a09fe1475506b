package io.herald.broker.publish;

import java.util.concurrent.CompletionStage;

/**
 * What an accepted publish did.
 *
 * @param matched how many sessions the message was routed to (one per session however many of its
 *     subscriptions matched; one per share group), online or not
 * @param durable completes when the message is stored for every persistent session that must receive it
 *     at QoS 1 or 2 (and, for a retained message at QoS 1 or 2, when the retained store has it); completes
 *     exceptionally with the store's error when that fails. Completed at once for QoS 0.
 */
public record PublishOutcome(int matched, CompletionStage<Void> durable) {}
