package io.herald.broker.store;

import io.herald.broker.message.Message;
import java.util.List;

/**
 * Retained messages, one per topic name [MQTT-3.3.1-5]. Thread-safe: called from every event loop.
 * This is one of the cluster seams: a replicated implementation can replace the local one.
 */
public interface RetainedStore {

    /** Stores {@code message} as the retained message of its topic, replacing any previous one. */
    void put(Message message);

    /** Removes the retained message of {@code topic}, if any [MQTT-3.3.1-10]. */
    void remove(String topic);

    /** The retained messages whose topic matches {@code filter}. */
    List<Message> match(String filter);

    int size();
}
