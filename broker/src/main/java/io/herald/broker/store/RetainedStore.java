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

    /** The retained messages whose topic matches {@code filter}, found in one go: not for an event loop. */
    List<Message> match(String filter);

    int size();

    /**
     * A walk over the topics whose retained message matches {@code filter} (a valid filter without
     * {@code $share/}), names only, a bounded piece at a time: an event loop finds the matches of a
     * wildcard over any number of retained topics in short turns, and reads each message with
     * {@link #get} when it sends it.
     */
    RetainedCursor cursor(String filter);

    /** The retained message of {@code topic} now, or null when there is none (any more). */
    default Message get(String topic) {
        List<Message> found = match(topic);
        return found.isEmpty() ? null : found.get(0);
    }
}
