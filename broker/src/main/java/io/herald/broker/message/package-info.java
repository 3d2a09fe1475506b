/**
 * The application message as the broker routes and stores it. API only as part of the storage SPI
 * (store implementations read and write it); other modules publish with
 * {@link io.herald.broker.publish.PublishRequest}.
 *
 * <p><b>API.</b> Part of the broker's public surface: other modules may use it; changes are made with
 * care and noted in the issue that makes them. See docs/architecture.md, "The broker's public API".
 */
package io.herald.broker.message;
