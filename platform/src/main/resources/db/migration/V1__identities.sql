-- The platform catalog: identities and their credentials. One script for SQLite and PostgreSQL:
-- portable types only (VARCHAR, TEXT, BIGINT, SMALLINT), times as epoch milliseconds, booleans as
-- SMALLINT 0/1. Generated secrets are stored as SHA-256 digests (64 lowercase hex characters).
-- Later migrations add installations, push topics, buckets and device commands.

CREATE TABLE settings (
    name  VARCHAR(64) PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE users (
    user_id       VARCHAR(64)  PRIMARY KEY,
    username      VARCHAR(128) NOT NULL UNIQUE,
    password_hash VARCHAR(255) NOT NULL,
    created_at    BIGINT       NOT NULL,
    updated_at    BIGINT       NOT NULL
);

-- Bearer access tokens issued by POST /api/oauth2/token.
CREATE TABLE access_tokens (
    digest     VARCHAR(64) PRIMARY KEY,
    user_id    VARCHAR(64) NOT NULL REFERENCES users (user_id) ON DELETE CASCADE,
    created_at BIGINT      NOT NULL,
    expires_at BIGINT      NOT NULL
);
CREATE INDEX access_tokens_user ON access_tokens (user_id);

CREATE TABLE things (
    thing_id         VARCHAR(64)  PRIMARY KEY,
    secret_digest    VARCHAR(64)  NOT NULL,
    -- the secret sealed (AES-GCM) with a key kept outside the catalog: the Huawei scheme signs the secret itself
    secret_sealed    TEXT,
    info             TEXT,
    cert_fingerprint VARCHAR(64)  UNIQUE,
    created_at       BIGINT       NOT NULL,
    updated_at       BIGINT       NOT NULL
);

CREATE TABLE tokens (
    token_id    VARCHAR(32)  PRIMARY KEY,
    digest      VARCHAR(64)  NOT NULL UNIQUE,
    info        TEXT,
    admin       SMALLINT     NOT NULL,
    api         SMALLINT     NOT NULL,
    ttl_seconds BIGINT,
    expires_at  BIGINT,
    created_at  BIGINT       NOT NULL,
    updated_at  BIGINT       NOT NULL
);

-- ACL entries of tokens and things (owner_kind 'token' or 'thing'), first match decides, allow only:
-- whatever no entry grants is refused.
CREATE TABLE acl_entries (
    owner_kind VARCHAR(16)  NOT NULL,
    owner_id   VARCHAR(64)  NOT NULL,
    position   INTEGER      NOT NULL,
    topic      VARCHAR(1024) NOT NULL,
    publish    SMALLINT     NOT NULL,
    subscribe  SMALLINT     NOT NULL,
    PRIMARY KEY (owner_kind, owner_id, position)
);
