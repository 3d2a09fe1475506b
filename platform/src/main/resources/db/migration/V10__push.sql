-- Push (issue 16): MQTT installations, push topics with their subscribers, buckets of JSON objects with
-- theirs. Same conventions as V1: times as epoch milliseconds, booleans as SMALLINT 0/1, generated
-- secrets as SHA-256 digests. Owners are a user or a thing; deleting the owner deletes its rows.

CREATE TABLE installations (
    installation_id       VARCHAR(32)  PRIMARY KEY,
    registration_id       VARCHAR(32)  NOT NULL UNIQUE,
    device_type           VARCHAR(16)  NOT NULL,
    user_id               VARCHAR(64)  REFERENCES users (user_id) ON DELETE CASCADE,
    thing_id              VARCHAR(64)  REFERENCES things (thing_id) ON DELETE CASCADE,
    development           SMALLINT     NOT NULL,
    mqtt_topic            VARCHAR(64)  NOT NULL UNIQUE,
    username              VARCHAR(64)  NOT NULL UNIQUE,
    -- null until the first GET …/mqtt-endpoint; each GET issues a new password
    password_digest       VARCHAR(64),
    credential_expires_at BIGINT,
    created_at            BIGINT       NOT NULL,
    -- one installation per owner and device type, as Kii
    owner_key             VARCHAR(80)  NOT NULL UNIQUE
);

CREATE TABLE push_topics (
    topic_id   VARCHAR(64) PRIMARY KEY,
    created_at BIGINT      NOT NULL
);

CREATE TABLE push_topic_subscriptions (
    topic_id   VARCHAR(64) NOT NULL REFERENCES push_topics (topic_id) ON DELETE CASCADE,
    owner_kind VARCHAR(8)  NOT NULL,
    owner_id   VARCHAR(64) NOT NULL,
    created_at BIGINT      NOT NULL,
    PRIMARY KEY (topic_id, owner_kind, owner_id)
);

CREATE TABLE buckets (
    bucket_id  VARCHAR(64) PRIMARY KEY,
    created_at BIGINT      NOT NULL
);

CREATE TABLE bucket_objects (
    bucket_id   VARCHAR(64) NOT NULL REFERENCES buckets (bucket_id) ON DELETE CASCADE,
    object_id   VARCHAR(64) NOT NULL,
    body        TEXT        NOT NULL,
    version     BIGINT      NOT NULL,
    owner       VARCHAR(80),
    created_at  BIGINT      NOT NULL,
    modified_at BIGINT      NOT NULL,
    PRIMARY KEY (bucket_id, object_id)
);

CREATE TABLE bucket_subscriptions (
    bucket_id  VARCHAR(64) NOT NULL REFERENCES buckets (bucket_id) ON DELETE CASCADE,
    owner_kind VARCHAR(8)  NOT NULL,
    owner_id   VARCHAR(64) NOT NULL,
    created_at BIGINT      NOT NULL,
    PRIMARY KEY (bucket_id, owner_kind, owner_id)
);
