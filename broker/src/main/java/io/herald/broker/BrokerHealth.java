package io.herald.broker;

import java.time.Instant;

/**
 * The broker's health as a readiness check needs it: whether its store can write. While it cannot,
 * MQTT 5 publishers of durable messages get 0x97, MQTT 3 ones are disconnected, and CONNECTs that
 * need the store get CONNACK 0x88 / 0x03; QoS 0 and clean sessions keep working.
 *
 * @param storeWritable whether the store can write
 * @param reason why it cannot, one line; null while it can
 * @param since when the current state began
 */
public record BrokerHealth(boolean storeWritable, String reason, Instant since) {}
