-- Named connections: one row per (name, environment), the profile as JSON text (credentials are
-- secret references by name, never values; no dollar-brace here: Flyway reads it as a placeholder). Portable SQL for H2 and PostgreSQL, like V1.
CREATE TABLE connections (
    id            VARCHAR(210) PRIMARY KEY,        -- "<name>/<environment>"
    name          VARCHAR(100) NOT NULL,
    environment   VARCHAR(100) NOT NULL,
    profile_json  TEXT         NOT NULL,           -- {baseUrl, auth, headers, timeout, allowedHosts}
    created_at    TIMESTAMP    NOT NULL,
    updated_at    TIMESTAMP    NOT NULL,
    CONSTRAINT connections_unique UNIQUE (name, environment)
);
CREATE INDEX connections_environment ON connections (environment);
