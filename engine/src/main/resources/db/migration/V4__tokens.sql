-- API tokens. Only a SHA-256 of each token is kept; the token itself is shown once, at creation.
-- Rows are never deleted (a revoked token stays listed), so once a token has existed the API stays closed.
CREATE TABLE api_tokens (
    id            VARCHAR(36)  PRIMARY KEY,
    name          VARCHAR(200) NOT NULL,
    token_hash    VARCHAR(64)  NOT NULL,           -- hex SHA-256 of the whole token text
    scopes        VARCHAR(500) NOT NULL,           -- space-separated, e.g. "flows:read executions:run"
    environment   VARCHAR(100) NOT NULL,           -- valid only on nodes whose flows.environment is this
    created_at    TIMESTAMP    NOT NULL,
    expires_at    TIMESTAMP,                       -- NULL: never; rotation sets it to the end of the grace period
    last_used_at  TIMESTAMP,                       -- written at most once a minute per token
    revoked_at    TIMESTAMP,
    replaced_by   VARCHAR(36),                     -- the token that rotation made in its place
    CONSTRAINT api_tokens_hash UNIQUE (token_hash)
);
