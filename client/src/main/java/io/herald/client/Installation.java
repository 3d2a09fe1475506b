package io.herald.client;

/**
 * An MQTT push installation of a user or thing, as {@code POST /api/installations} creates it.
 * Immutable.
 *
 * @param created false when the owner was installed already and the server returned that installation
 */
public record Installation(String installationID, String installationRegistrationID, boolean created) {}
