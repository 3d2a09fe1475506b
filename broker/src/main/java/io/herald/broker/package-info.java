/**
 * The broker as a library: the {@link io.herald.broker.Broker} facade (start, publish, revoke,
 * update permissions, read sessions and retained messages, session events), its configuration
 * ({@link io.herald.broker.BrokerConfig}), metrics and the value types of those calls.
 * {@link io.herald.broker.BrokerCore} is the one internal type here: the wiring the facade hands to the
 * internal packages.
 *
 * <p><b>API.</b> Part of the broker's public surface: other modules may use it; changes are made with
 * care and noted in the issue that makes them. See docs/architecture.md, "The broker's public API".
 */
package io.herald.broker;
