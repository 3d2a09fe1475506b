/**
 * The in-memory store ({@link io.herald.broker.store.memory.MemoryStore}): tests and
 * {@code --storage memory}.
 *
 * <p><b>API.</b> Part of the broker's public surface: other modules may use it; changes are made with
 * care and noted in the issue that makes them. See docs/architecture.md, "The broker's public API".
 */
package io.herald.broker.store.memory;
