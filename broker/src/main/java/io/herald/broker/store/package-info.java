/**
 * The storage SPI: what the broker keeps for persistent sessions (subscriptions, in-flight and
 * queued messages) and retained messages. Its records use {@link io.herald.broker.message.Message},
 * {@link io.herald.broker.message.Inflight} and {@link io.herald.broker.topic.Subscription}, which are
 * therefore part of the SPI too.
 *
 * <p><b>API.</b> Part of the broker's public surface: other modules may use it; changes are made with
 * care and noted in the issue that makes them. See docs/architecture.md, "The broker's public API".
 */
package io.herald.broker.store;
