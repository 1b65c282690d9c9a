-- Outgoing notifications: subscriptions, their deliveries (the outbox) and each delivery's attempts.
-- Portable SQL for H2 and PostgreSQL, like V1.
CREATE TABLE subscriptions (
    id                     VARCHAR(40)   PRIMARY KEY,     -- sub_<uuid>
    url                    VARCHAR(2000) NOT NULL,
    events                 VARCHAR(200)  NOT NULL,        -- comma-separated: execution.succeeded,execution.failed,...
    flow_id                VARCHAR(100),                  -- NULL: executions of every flow
    description            VARCHAR(500),
    secret                 VARCHAR(100)  NOT NULL,        -- whsec_<base64>: needed in clear to sign
    previous_secret        VARCHAR(100),                  -- after a rotation, also signs until previous_secret_until
    previous_secret_until  TIMESTAMP,
    enabled                BOOLEAN       NOT NULL,
    disabled_reason        VARCHAR(500),
    created_at             TIMESTAMP     NOT NULL,
    updated_at             TIMESTAMP     NOT NULL
);

CREATE TABLE notification_deliveries (
    id                VARCHAR(40)   PRIMARY KEY,          -- the webhook-id (msg_<uuid>), the same on every attempt
    subscription_id   VARCHAR(40)   NOT NULL,
    event_type        VARCHAR(40)   NOT NULL,
    execution_id      VARCHAR(36)   NOT NULL,
    flow_id           VARCHAR(100)  NOT NULL,
    payload           TEXT          NOT NULL,             -- the body exactly as signed and sent (UTF-8)
    status            VARCHAR(20)   NOT NULL,             -- PENDING | SUCCEEDED | FAILED
    attempts          INTEGER       NOT NULL,             -- attempts started (also the claim's version)
    next_attempt_at   TIMESTAMP,                          -- PENDING: when due; pushed ahead while an attempt is in flight
    single_attempt    BOOLEAN       NOT NULL,             -- a manual redelivery: one attempt, no retries
    last_attempt_at   TIMESTAMP,
    last_status_code  INTEGER,
    last_error        VARCHAR(500),
    created_at        TIMESTAMP     NOT NULL,
    updated_at        TIMESTAMP     NOT NULL
);
CREATE INDEX notification_deliveries_due ON notification_deliveries (status, next_attempt_at);
CREATE INDEX notification_deliveries_subscription ON notification_deliveries (subscription_id, created_at);

CREATE TABLE notification_attempts (
    id             VARCHAR(50)   PRIMARY KEY,             -- "<delivery id>:<attempt>"
    delivery_id    VARCHAR(40)   NOT NULL,
    attempt        INTEGER       NOT NULL,
    attempted_at   TIMESTAMP     NOT NULL,
    status_code    INTEGER,                               -- NULL: no answer (timeout, connection error)
    duration_ms    BIGINT        NOT NULL,
    error          VARCHAR(500),
    response_body  VARCHAR(1000)                          -- the start of the receiver's answer
);
CREATE INDEX notification_attempts_delivery ON notification_attempts (delivery_id, attempt);
