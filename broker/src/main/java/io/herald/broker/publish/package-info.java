/**
 * The value types of an in-process publish: {@link io.herald.broker.publish.PublishRequest} in,
 * {@link io.herald.broker.publish.PublishOutcome} or
 * {@link io.herald.broker.publish.PublishRefusedException} out.
 *
 * <p><b>API.</b> Part of the broker's public surface: other modules may use it; changes are made with
 * care and noted in the issue that makes them. See docs/architecture.md, "The broker's public API".
 */
package io.herald.broker.publish;
