/**
 * The authentication and authorization SPI: {@link io.herald.broker.auth.Authenticator} (and
 * enhanced authentication), {@link io.herald.broker.auth.Authorizer}, the identity a connection is
 * accepted with ({@link io.herald.broker.auth.ClientIdentity}: principal, permissions, expiry) and the
 * rule engine both are evaluated with ({@link io.herald.broker.auth.Permissions}).
 *
 * <p><b>API.</b> Part of the broker's public surface: other modules may use it; changes are made with
 * care and noted in the issue that makes them. See docs/architecture.md, "The broker's public API".
 */
package io.herald.broker.auth;
