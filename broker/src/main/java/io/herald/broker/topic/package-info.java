/**
 * Topic names and filters ({@link io.herald.broker.topic.Topics}), subscriptions and the route table
 * ({@link io.herald.broker.topic.TopicIndex}).
 *
 * <p><b>Internal</b>, except {@link io.herald.broker.topic.Subscription}, which is part of the storage
 * SPI, and {@link io.herald.broker.topic.Topics}, the validation of topic names and filters that the
 * platform applies to what its REST API is given (ACL rules, HTTP publish). The other types are public
 * only so that the broker's own packages can share them; other modules must not use them (see
 * docs/architecture.md).
 */
package io.herald.broker.topic;
