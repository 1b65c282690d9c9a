-- H2 keeps a VARCHAR value inside its row, and every update of an execution (RUNNING, then its final state)
-- rewrites the whole row, with the old version kept for the transaction's undo log: a 9 MB trigger cost H2
-- tens of MB of buffers per execution, and a few such executions at once ran a 320 MB heap out of memory
-- inside a commit, which left the database file unreadable. As CLOBs, values above 64 KB live once in H2's
-- LOB storage and rows only refer to them; smaller values (nearly all) stay in the row, as fast as before.
SET MAX_LENGTH_INPLACE_LOB 65536;
ALTER TABLE executions ALTER COLUMN trigger_json SET DATA TYPE CLOB;
ALTER TABLE executions ALTER COLUMN output_json SET DATA TYPE CLOB;
ALTER TABLE executions ALTER COLUMN error_json SET DATA TYPE CLOB;
