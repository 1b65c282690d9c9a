-- Each node's heartbeat interval beside its heartbeat: a process starting under a node id waits for the running
-- one's next heartbeat by that node's interval, not by its own (a twin with a longer interval slipped through).
ALTER TABLE nodes ADD COLUMN heartbeat_millis BIGINT;
