/**
 * The publish ingress (every message's one way in) and the router (topic index match, fan-out
 * per owning loop, durability).
 *
 * <p><b>Internal.</b> Not part of the broker's API: its types are public only so that the broker's own
 * packages can share them (Java has no friend packages, and a module-info would enforce nothing in this
 * class-path build; see docs/architecture.md). Other modules must not use them; they change freely.
 */
package io.herald.broker.route;
