-- One webhook path, one flow, held by the database: the check before a save cannot see a save running at the same
-- moment, so concurrent saves could give one path to several flows, and each delivery then went to one of them.
-- Paths such saves left on several flows stay with the oldest flow (its deliveries keep arriving where they did
-- first); the others lose the path, and the start-up check names each of them in the log until it is given another
-- path. A deleted flow serves no webhook and gives up its path first, so it never keeps one from a live flow.
UPDATE flows SET webhook_path = NULL WHERE deleted = TRUE AND webhook_path IS NOT NULL;

UPDATE flows SET webhook_path = NULL
WHERE webhook_path IS NOT NULL
  AND EXISTS (SELECT 1 FROM flows older
              WHERE older.webhook_path = flows.webhook_path
                AND (older.created_at < flows.created_at
                     OR (older.created_at = flows.created_at AND older.id < flows.id)));

-- NULL (no webhook trigger) is distinct from every other NULL in a unique index, in H2 as in PostgreSQL
DROP INDEX flows_webhook_path;
CREATE UNIQUE INDEX flows_webhook_path_unique ON flows (webhook_path);
