/**
 * Listener configuration: {@link io.herald.broker.listener.ListenerSpec},
 * {@link io.herald.broker.listener.TlsSettings}, {@link io.herald.broker.listener.DevCertificates},
 * {@link io.herald.broker.listener.MqttListener} (a bound listener), {@link
 * io.herald.broker.listener.Transport} and {@link io.herald.broker.listener.TlsConfigException}.
 * {@link io.herald.broker.listener.Listeners} is internal (the facade starts it); the rest is
 * package-private.
 *
 * <p><b>API.</b> Part of the broker's public surface: other modules may use it; changes are made with
 * care and noted in the issue that makes them. See docs/architecture.md, "The broker's public API".
 */
package io.herald.broker.listener;
