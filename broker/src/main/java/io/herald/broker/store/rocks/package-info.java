/**
 * The RocksDB store ({@link io.herald.broker.store.rocks.RocksStore}) and its durability setting;
 * everything else in the package is package-private.
 *
 * <p><b>API.</b> Part of the broker's public surface: other modules may use it; changes are made with
 * care and noted in the issue that makes them. See docs/architecture.md, "The broker's public API".
 */
package io.herald.broker.store.rocks;
