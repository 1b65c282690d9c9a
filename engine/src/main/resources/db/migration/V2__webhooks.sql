-- Webhook deliveries: the inbox. Portable SQL for H2 and PostgreSQL, like V1.
CREATE TABLE webhook_deliveries (
    id            VARCHAR(36)  PRIMARY KEY,
    flow_id       VARCHAR(100) NOT NULL,
    path          VARCHAR(500) NOT NULL,
    received_at   TIMESTAMP    NOT NULL,
    status        VARCHAR(20)  NOT NULL,           -- RECEIVED | PROCESSED | FAILED | SKIPPED_STALE
    headers_json  TEXT         NOT NULL,           -- lower-cased names; credentials left out
    query_json    TEXT         NOT NULL,
    body          TEXT,                            -- as received (UTF-8)
    content_type  VARCHAR(255),
    execution_id  VARCHAR(36),                     -- set before the execution is inserted: one delivery, one execution
    error_json    TEXT,
    dedupe_key    VARCHAR(255),                    -- webhook-id or the trigger's idempotencyKey; NULL: none
    ordering_key  VARCHAR(255),                    -- the trigger's orderingKey: same key, one at a time
    sequence_no   BIGINT,                          -- the trigger's sequence (a number, or an instant as epoch ms)
    CONSTRAINT webhook_deliveries_dedupe UNIQUE (flow_id, dedupe_key)
);
CREATE INDEX webhook_deliveries_flow ON webhook_deliveries (flow_id, received_at);
CREATE INDEX webhook_deliveries_status ON webhook_deliveries (status, received_at);
CREATE INDEX webhook_deliveries_ordering ON webhook_deliveries (flow_id, ordering_key, status);
