package io.herald.platform.mqtt;

/** A retained message as the REST API shows it. Immutable; the payload array belongs to it. */
public record RetainedView(String topic, int qos, byte[] payload) {}
