-- A flow deleted and created again with the same id is another flow: its versions go on from the deleted one's
-- (delete at version 4, create: version 5), so first_version says where the flow as it is now began. A webhook
-- delivery records the flow version it was accepted for; one accepted before the flow's first_version was accepted
-- for a flow deleted since, and fails FLOW_DELETED instead of running on its successor. Rows from before this
-- migration: first_version 1, and deliveries name no version (not checked). Portable SQL for H2 and PostgreSQL.
ALTER TABLE flows ADD COLUMN first_version INTEGER DEFAULT 1 NOT NULL;
ALTER TABLE webhook_deliveries ADD COLUMN flow_version INTEGER;
