package io.herald.broker.topic;

/** Whatever holds subscriptions in the {@link TopicIndex}: a session, identified by its client id. */
public interface Subscriber {
    String clientId();
}
