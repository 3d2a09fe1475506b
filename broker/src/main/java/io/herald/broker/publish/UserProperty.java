package io.herald.broker.publish;

import java.util.Objects;

/** One MQTT 5 user property: a name-value pair; names may repeat [MQTT-3.3.2-18]. Immutable. */
public record UserProperty(String name, String value) {
    public UserProperty {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
    }
}
