-- Portable SQL for H2 and PostgreSQL; JSON documents are stored as text.
CREATE TABLE flows (
    id              VARCHAR(100) PRIMARY KEY,
    name            VARCHAR(500),
    description     VARCHAR(4000),
    latest_version  INTEGER      NOT NULL,
    enabled         BOOLEAN      NOT NULL,
    deleted         BOOLEAN      NOT NULL,
    trigger_type    VARCHAR(20)  NOT NULL,
    webhook_path    VARCHAR(500),
    created_at      TIMESTAMP    NOT NULL,
    updated_at      TIMESTAMP    NOT NULL
);
CREATE INDEX flows_webhook_path ON flows (webhook_path);

CREATE TABLE flow_versions (
    id          VARCHAR(120) PRIMARY KEY,          -- "<flow id>:<version>"
    flow_id     VARCHAR(100) NOT NULL,
    version     INTEGER      NOT NULL,
    format      VARCHAR(10)  NOT NULL,             -- YAML | JSON: how the source was written
    source      TEXT         NOT NULL,             -- exactly as saved (comments and key order kept)
    created_at  TIMESTAMP    NOT NULL,
    CONSTRAINT flow_versions_unique UNIQUE (flow_id, version)
);

CREATE TABLE executions (
    id                   VARCHAR(36)  PRIMARY KEY,
    flow_id              VARCHAR(100) NOT NULL,
    flow_version         INTEGER      NOT NULL,
    status               VARCHAR(20)  NOT NULL,
    trigger_json         TEXT         NOT NULL,
    output_json          TEXT,
    error_json           TEXT,
    queued_at            TIMESTAMP    NOT NULL,
    started_at           TIMESTAMP,
    finished_at          TIMESTAMP,
    parent_execution_id  VARCHAR(36)
);
CREATE INDEX executions_flow ON executions (flow_id, queued_at);
CREATE INDEX executions_status ON executions (status);
CREATE INDEX executions_finished ON executions (finished_at);

CREATE TABLE execution_steps (
    id            VARCHAR(50)  PRIMARY KEY,        -- "<execution id>:<seq>"
    execution_id  VARCHAR(36)  NOT NULL,
    seq           INTEGER      NOT NULL,
    entry         TEXT         NOT NULL             -- the step attempt as the API shows it
);
CREATE INDEX execution_steps_execution ON execution_steps (execution_id, seq);

CREATE TABLE idempotency_keys (
    id            VARCHAR(400) PRIMARY KEY,        -- "<flow id>:<key>"
    flow_id       VARCHAR(100) NOT NULL,
    request_hash  VARCHAR(64)  NOT NULL,
    execution_id  VARCHAR(36)  NOT NULL,
    waited        BOOLEAN      NOT NULL,           -- whether the first request asked to wait (a repeat answers the same way)
    created_at    TIMESTAMP    NOT NULL
);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);
