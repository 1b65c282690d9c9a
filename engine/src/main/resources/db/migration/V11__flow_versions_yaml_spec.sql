-- Which YAML a version's text was read with when it was saved: '1.2' from now on; NULL for versions saved before
-- this column, by builds that read YAML 1.1 (yes/no/on/off as booleans, 017 as octal). Only those can mean
-- something else now, so only they are named by the start-up check.
ALTER TABLE flow_versions ADD COLUMN yaml_spec VARCHAR(10);
