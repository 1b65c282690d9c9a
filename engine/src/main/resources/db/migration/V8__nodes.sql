-- Nodes sharing one database: each row of work names the node that owns it, and a node whose
-- heartbeat stopped has its work taken over by another (DESIGN.md §5). Portable SQL, like V1.
CREATE TABLE nodes (
    id            VARCHAR(100) PRIMARY KEY,
    started_at    TIMESTAMP    NOT NULL,
    heartbeat_at  TIMESTAMP    NOT NULL
);
ALTER TABLE executions ADD COLUMN node_id VARCHAR(100);
ALTER TABLE webhook_deliveries ADD COLUMN node_id VARCHAR(100);
CREATE INDEX executions_node ON executions (node_id, status);
CREATE INDEX webhook_deliveries_node ON webhook_deliveries (node_id, status);
