package io.herald.broker.publish;

import java.util.concurrent.CompletionStage;

/**
 * What a fan-out did.
 *
 * @param matched how many sessions the messages were routed to, online or not (a session reached by
 *     two of the topics counts twice)
 * @param durable completes when every session that must receive a message at QoS 1 or 2 and outlives
 *     its connection has it stored, and every delivery task has run; at once when none must
 */
public record FanoutOutcome(int matched, CompletionStage<Void> durable) {}
