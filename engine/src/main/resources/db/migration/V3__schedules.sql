-- Schedules. Portable SQL for H2 and PostgreSQL, like V1. Times are WITH TIME ZONE: nodes compare
-- them, and a local timestamp would be ambiguous in the hour that repeats when clocks go back.

-- Which node serves the schedules: the one whose lease has not expired; it renews it each poll.
CREATE TABLE schedule_lease (
    name        VARCHAR(50)  PRIMARY KEY,
    owner       VARCHAR(200) NOT NULL,
    expires_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
INSERT INTO schedule_lease (name, owner, expires_at) VALUES ('schedules', '', TIMESTAMP WITH TIME ZONE '1970-01-01 00:00:00+00');

-- Where each served schedule stands: the first tick not yet handled, for the cron it was computed with.
CREATE TABLE schedules (
    flow_id       VARCHAR(100) PRIMARY KEY,
    cron          VARCHAR(200) NOT NULL,
    time_zone     VARCHAR(100) NOT NULL,
    next_fire_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at    TIMESTAMP WITH TIME ZONE NOT NULL
);

-- One row per tick: whoever inserts it first fires it, so a tick can never fire twice.
CREATE TABLE schedule_fires (
    id            VARCHAR(36)  PRIMARY KEY,
    flow_id       VARCHAR(100) NOT NULL,
    fire_time     TIMESTAMP WITH TIME ZONE NOT NULL,
    status        VARCHAR(20)  NOT NULL,           -- FIRED | MISSED | CATCH_UP
    execution_id  VARCHAR(36),                     -- inserted in the same transaction as this row
    ticks         INTEGER      NOT NULL,           -- 1, or how many older missed ticks this one row stands for
    recorded_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    node          VARCHAR(200) NOT NULL,
    CONSTRAINT schedule_fires_tick UNIQUE (flow_id, fire_time)
);
CREATE INDEX schedule_fires_recorded ON schedule_fires (recorded_at);
