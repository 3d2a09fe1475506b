package io.herald.platform.catalog;

import java.time.Instant;
import java.util.Objects;

/**
 * A queued command as the catalog stores it. Immutable.
 *
 * @param serviceId null when the command names none
 * @param commandName null when the command names none
 * @param paras the parameters as JSON text (an object)
 * @param sentAt null until first published
 * @param deliveredAt null until routed to a session of the thing
 * @param answeredAt null until the thing answered
 * @param response the thing's answer as JSON text, or null
 */
public record CommandRecord(String commandId, String thingId, String serviceId, String commandName, String paras,
        CommandStatus status, Instant createdAt, Instant expiresAt, Instant sentAt, Instant deliveredAt,
        Instant answeredAt, String response) {

    public CommandRecord {
        Objects.requireNonNull(commandId, "commandId");
        Objects.requireNonNull(thingId, "thingId");
        Objects.requireNonNull(paras, "paras");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /** A new command waiting for its thing. */
    public static CommandRecord pending(String commandId, String thingId, String serviceId, String commandName,
            String paras, Instant now, Instant expiresAt) {
        return new CommandRecord(commandId, thingId, serviceId, commandName, paras, CommandStatus.PENDING, now,
                expiresAt, null, null, null, null);
    }

    /** The status as of {@code now}: a command past its time to live without an answer is EXPIRED, swept or not. */
    public CommandStatus statusAt(Instant now) {
        return !status.isFinal() && !now.isBefore(expiresAt) ? CommandStatus.EXPIRED : status;
    }
}
