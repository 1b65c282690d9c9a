-- An ended execution's whole step trace, as the JSON array the API answers, in its own row: writing each step as a
-- row of execution_steps touched two more B-trees per execution in every commit (its primary key and its index),
-- a large part of the CPU of a short synchronous run (bench/RESULTS.md §3, sixteenth look).
-- execution_steps keeps the steps that a long run stores while running (its checkpoints), and the traces of
-- executions stored before this version; a row with steps_json reads its trace from there alone.
ALTER TABLE executions ADD COLUMN steps_json TEXT;
