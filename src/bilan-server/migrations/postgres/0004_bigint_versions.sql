-- Versions are read as 64-bit integers on both engines; PostgreSQL's INTEGER is 32-bit.
ALTER TABLE survey_versions ALTER COLUMN version TYPE BIGINT;
