package io.herald.client;

/** The MQTT protocol versions the client speaks, with their CONNECT protocol name and level. */
public enum ProtocolVersion {
    /** MQTT 3.1: protocol name {@code MQIsdp}, level 3. */
    MQTT_3_1("MQIsdp", 3),
    /** MQTT 3.1.1: protocol name {@code MQTT}, level 4. */
    MQTT_3_1_1("MQTT", 4),
    /** MQTT 5: protocol name {@code MQTT}, level 5. */
    MQTT_5("MQTT", 5);

    private final String protocolName;
    private final int level;

    ProtocolVersion(String protocolName, int level) {
        this.protocolName = protocolName;
        this.level = level;
    }

    /** The protocol name in CONNECT. */
    public String protocolName() {
        return protocolName;
    }

    /** The protocol level in CONNECT: 3, 4 or 5. */
    public int level() {
        return level;
    }

    /** The version with this protocol level. */
    public static ProtocolVersion ofLevel(int level) {
        for (ProtocolVersion v : values()) {
            if (v.level == level) {
                return v;
            }
        }
        throw new IllegalArgumentException("protocol version must be 3 (MQTT 3.1), 4 (MQTT 3.1.1) or 5 (MQTT 5), not "
                + level);
    }
}
