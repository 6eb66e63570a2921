-- The highest version of each survey this server has loaded: a survey file whose version goes
-- down is refused, so aggregates of a newer version are never read against an older one.
CREATE TABLE survey_versions (
    survey_id TEXT PRIMARY KEY,
    version INTEGER NOT NULL
);
