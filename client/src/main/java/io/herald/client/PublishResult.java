package io.herald.client;

/**
 * The outcome of a publish the server accepted: for QoS 0 the message was written to the connection;
 * for QoS 1 the PUBACK, for QoS 2 the PUBCOMP arrived. Immutable.
 *
 * @param qos the QoS the message was sent with
 * @param reasonCode the MQTT 5 reason code of the PUBACK/PUBREC (0 or 0x10 No matching subscribers), 0 otherwise
 * @param reasonString the server's MQTT 5 reason string, or null
 */
public record PublishResult(int qos, int reasonCode, String reasonString) {}
