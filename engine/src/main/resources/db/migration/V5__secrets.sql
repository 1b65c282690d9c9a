-- The secret store: values sealed with AES-256-GCM under FLOWS_MASTER_KEY (the name is the associated data).
-- Portable SQL for H2 and PostgreSQL, like V1.
CREATE TABLE secrets (
    name        VARCHAR(64)  PRIMARY KEY,          -- [A-Za-z0-9_-]{1,64}
    nonce       VARCHAR(24)  NOT NULL,             -- base64 of 12 random bytes, new for every value
    ciphertext  TEXT         NOT NULL,             -- base64 of the ciphertext and its 16-byte tag
    created_at  TIMESTAMP    NOT NULL,
    updated_at  TIMESTAMP    NOT NULL
);
