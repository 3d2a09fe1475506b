-- Devices (issue 17): the latest value of every reported property, a bounded history of reports,
-- commands (queued ones survive restarts), and presence. Portable types only, as V1: times as epoch
-- milliseconds, JSON as TEXT. No foreign keys to things: the batch writer must not fail a whole batch
-- because one thing was deleted meanwhile; deleting a thing deletes these rows (Things.delete), and the
-- history sweep removes what a race left behind.

-- The latest value of each property of each service of a thing.
CREATE TABLE thing_properties (
    thing_id    VARCHAR(64)  NOT NULL,
    service_id  VARCHAR(128) NOT NULL,
    property    VARCHAR(128) NOT NULL,
    value       TEXT         NOT NULL,
    event_time  BIGINT       NOT NULL,
    received_at BIGINT       NOT NULL,
    PRIMARY KEY (thing_id, service_id, property)
);

-- Every reported value, bounded per thing by count and age. seq is given by the single writer.
CREATE TABLE property_history (
    seq         BIGINT       PRIMARY KEY,
    thing_id    VARCHAR(64)  NOT NULL,
    service_id  VARCHAR(128) NOT NULL,
    property    VARCHAR(128) NOT NULL,
    value       TEXT         NOT NULL,
    event_time  BIGINT       NOT NULL,
    received_at BIGINT       NOT NULL
);
CREATE INDEX property_history_thing ON property_history (thing_id, seq);
CREATE INDEX property_history_query ON property_history (thing_id, service_id, property, event_time);

-- Commands: queued ones from POST /api/things/{thingID}/commands with "mode":"queued".
CREATE TABLE thing_commands (
    command_id    VARCHAR(64)  PRIMARY KEY,
    thing_id      VARCHAR(64)  NOT NULL,
    service_id    VARCHAR(128),
    command_name  VARCHAR(128),
    paras         TEXT         NOT NULL,
    status        VARCHAR(16)  NOT NULL,
    created_at    BIGINT       NOT NULL,
    expires_at    BIGINT       NOT NULL,
    sent_at       BIGINT,
    delivered_at  BIGINT,
    answered_at   BIGINT,
    response      TEXT
);
CREATE INDEX thing_commands_thing ON thing_commands (thing_id, status);
CREATE INDEX thing_commands_expiry ON thing_commands (status, expires_at);

-- When each thing last connected and disconnected (whether it is online now is known from memory).
CREATE TABLE thing_presence (
    thing_id               VARCHAR(64)  PRIMARY KEY,
    last_connected_at      BIGINT,
    last_disconnected_at   BIGINT,
    last_disconnect_reason VARCHAR(256)
);
