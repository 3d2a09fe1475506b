package io.herald.platform.catalog;

/**
 * Where a queued command stands (IoTDA's asynchronous command states, for MQTT things).
 * <ul>
 *   <li>PENDING: stored; the thing is offline, or has not yet been sent it.
 *   <li>SENT: published while the thing was connected, but no subscription of its matched; sent again
 *       when it (re)connects, until delivered or expired.
 *   <li>DELIVERED: routed to a session of the thing; waiting for its answer.
 *   <li>SUCCEEDED / FAILED: the thing answered with {@code result_code} 0 / another code.
 *   <li>EXPIRED: its time to live passed without an answer.
 * </ul>
 */
public enum CommandStatus {
    PENDING, SENT, DELIVERED, SUCCEEDED, FAILED, EXPIRED;

    /** Whether the command is over: answered or expired. */
    public boolean isFinal() {
        return this == SUCCEEDED || this == FAILED || this == EXPIRED;
    }
}
