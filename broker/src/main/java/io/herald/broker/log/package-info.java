/**
 * Logging that stays readable under attack: {@link io.herald.broker.log.RateLimitedLog}.
 *
 * <p><b>Internal.</b> Not part of the broker's API: its types are public only so that the broker's own
 * packages can share them (see docs/architecture.md). Other modules must not use them; they change freely.
 */
package io.herald.broker.log;
