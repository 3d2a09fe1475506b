/**
 * The broker's {@code $SYS/broker/...} status topics (Mosquitto's names and formats): figures read from
 * the metrics, the session registry, the route table and the retained store, published retained on the
 * {@code herald-sys} thread every {@code sysInterval}.
 *
 * <p><b>Internal.</b> Not part of the broker's public surface; other modules configure it through
 * {@link io.herald.broker.BrokerConfig#sysInterval()}. See docs/sys-topics.md.
 */
package io.herald.broker.sys;
