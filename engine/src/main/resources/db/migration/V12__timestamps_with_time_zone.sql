-- Every time is an instant, whichever time zone the JVM that writes or reads it runs in. Plain TIMESTAMP columns held
-- the writer's local wall-clock time (the JDBC drivers convert an instant with the JVM's zone): a node started with
-- TZ=America/New_York wrote heartbeats five hours in the past, so the other nodes took over its running executions,
-- and a restart in another zone moved every stored time. The schedule tables have used this type from the start.
-- Existing values are read in the session's zone, which the drivers set to the migrating JVM's: the zone they were
-- written in unless the service moved between zones before this version.
ALTER TABLE flows ALTER COLUMN created_at SET DATA TYPE TIMESTAMP WITH TIME ZONE;
ALTER TABLE flows ALTER COLUMN updated_at SET DATA TYPE TIMESTAMP WITH TIME ZONE;
ALTER TABLE flow_versions ALTER COLUMN created_at SET DATA TYPE TIMESTAMP WITH TIME ZONE;
ALTER TABLE executions ALTER COLUMN queued_at SET DATA TYPE TIMESTAMP WITH TIME ZONE;
ALTER TABLE executions ALTER COLUMN started_at SET DATA TYPE TIMESTAMP WITH TIME ZONE;
ALTER TABLE executions ALTER COLUMN finished_at SET DATA TYPE TIMESTAMP WITH TIME ZONE;
ALTER TABLE idempotency_keys ALTER COLUMN created_at SET DATA TYPE TIMESTAMP WITH TIME ZONE;
ALTER TABLE webhook_deliveries ALTER COLUMN received_at SET DATA TYPE TIMESTAMP WITH TIME ZONE;
ALTER TABLE api_tokens ALTER COLUMN created_at SET DATA TYPE TIMESTAMP WITH TIME ZONE;
ALTER TABLE api_tokens ALTER COLUMN expires_at SET DATA TYPE TIMESTAMP WITH TIME ZONE;
ALTER TABLE api_tokens ALTER COLUMN last_used_at SET DATA TYPE TIMESTAMP WITH TIME ZONE;
ALTER TABLE api_tokens ALTER COLUMN revoked_at SET DATA TYPE TIMESTAMP WITH TIME ZONE;
ALTER TABLE secrets ALTER COLUMN created_at SET DATA TYPE TIMESTAMP WITH TIME ZONE;
ALTER TABLE secrets ALTER COLUMN updated_at SET DATA TYPE TIMESTAMP WITH TIME ZONE;
ALTER TABLE connections ALTER COLUMN created_at SET DATA TYPE TIMESTAMP WITH TIME ZONE;
ALTER TABLE connections ALTER COLUMN updated_at SET DATA TYPE TIMESTAMP WITH TIME ZONE;
ALTER TABLE subscriptions ALTER COLUMN previous_secret_until SET DATA TYPE TIMESTAMP WITH TIME ZONE;
ALTER TABLE subscriptions ALTER COLUMN created_at SET DATA TYPE TIMESTAMP WITH TIME ZONE;
ALTER TABLE subscriptions ALTER COLUMN updated_at SET DATA TYPE TIMESTAMP WITH TIME ZONE;
ALTER TABLE notification_deliveries ALTER COLUMN next_attempt_at SET DATA TYPE TIMESTAMP WITH TIME ZONE;
ALTER TABLE notification_deliveries ALTER COLUMN last_attempt_at SET DATA TYPE TIMESTAMP WITH TIME ZONE;
ALTER TABLE notification_deliveries ALTER COLUMN created_at SET DATA TYPE TIMESTAMP WITH TIME ZONE;
ALTER TABLE notification_deliveries ALTER COLUMN updated_at SET DATA TYPE TIMESTAMP WITH TIME ZONE;
ALTER TABLE notification_attempts ALTER COLUMN attempted_at SET DATA TYPE TIMESTAMP WITH TIME ZONE;
ALTER TABLE nodes ALTER COLUMN started_at SET DATA TYPE TIMESTAMP WITH TIME ZONE;
ALTER TABLE nodes ALTER COLUMN heartbeat_at SET DATA TYPE TIMESTAMP WITH TIME ZONE;
