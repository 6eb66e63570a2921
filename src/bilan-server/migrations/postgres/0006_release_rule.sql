-- The release rule of docs/privacy.md: perturbation by cell keys, a composition of each family
-- of tables, scheduled snapshots, contribution ids kept only as keyed hashes.

-- The server's secret (hex): keys the hash of contribution ids and the perturbations. The
-- server draws it at its first start after this migration, and hashes the ids kept until then.
ALTER TABLE instance ADD COLUMN secret TEXT;
-- When the last scheduled release ran (milliseconds since the epoch).
ALTER TABLE instance ADD COLUMN last_release_at BIGINT;

-- Each counter and each table keeps the sum, modulo 2^32, of the random keys of what it counts.
-- Existing counters get a random key sum: as good as any for data counted before.
ALTER TABLE counters ADD COLUMN key_sum BIGINT NOT NULL DEFAULT 0;
UPDATE counters SET key_sum = floor(random() * 4294967296)::BIGINT;
ALTER TABLE sync_tables ADD COLUMN key_sum BIGINT NOT NULL DEFAULT 0;
UPDATE sync_tables SET key_sum = floor(random() * 4294967296)::BIGINT;

-- How many people each family of tables (survey, version, period) holds, by session and college:
-- every table is a union of these cells, which decides whether one table holds another.
CREATE TABLE compositions (
    survey TEXT NOT NULL,
    version BIGINT NOT NULL,
    period TEXT NOT NULL,
    session TEXT NOT NULL,
    college TEXT NOT NULL,
    people BIGINT NOT NULL,
    PRIMARY KEY (survey, version, period, session, college)
);
-- Before this version devices sent a person to each table separately, so which college a session's
-- people gave is not known: the sessions and the colleges are taken as apart, the rest as neither.
INSERT INTO compositions (survey, version, period, session, college, people)
    SELECT survey, version, period, substr(dimension, 9), '', contributions FROM sync_tables WHERE dimension LIKE 'session:%';
INSERT INTO compositions (survey, version, period, session, college, people)
    SELECT survey, version, period, '', substr(dimension, 9), contributions FROM sync_tables WHERE dimension LIKE 'college:%';
INSERT INTO compositions (survey, version, period, session, college, people)
    SELECT t.survey, t.version, t.period, '', '', greatest(0, t.contributions - COALESCE((
        SELECT SUM(o.contributions) FROM sync_tables o
        WHERE o.survey = t.survey AND o.version = t.version AND o.period = t.period AND o.dimension <> ''
    ), 0))
    FROM sync_tables t WHERE t.dimension = '';
DELETE FROM compositions WHERE people = 0;

-- Releases are snapshots now: numbered, dated, with the composition they were checked against.
-- Those published by the old rule (exact counts, moved on demand) are withdrawn; the first
-- scheduled release after the upgrade publishes them anew.
DELETE FROM releases;
ALTER TABLE releases ADD COLUMN serial BIGINT NOT NULL DEFAULT 0;
ALTER TABLE releases ADD COLUMN published_at BIGINT NOT NULL DEFAULT 0;
ALTER TABLE releases ADD COLUMN shot TEXT NOT NULL DEFAULT '';

-- Every snapshot ever published, by its composition only (never its counts): anyone may have kept
-- an old one, so each new snapshot is checked against all of them.
CREATE TABLE snapshot_history (
    survey TEXT NOT NULL,
    version BIGINT NOT NULL,
    period TEXT NOT NULL,
    dimension TEXT NOT NULL,
    serial BIGINT NOT NULL,
    shot TEXT NOT NULL,
    PRIMARY KEY (survey, version, period, dimension, serial)
);

-- A session's opener (token id), when its totals came (once) and which batch they were, and when
-- its last snapshot was published.
ALTER TABLE session_codes ADD COLUMN opened_by BIGINT;
ALTER TABLE session_codes ADD COLUMN totals_at BIGINT;
ALTER TABLE session_codes ADD COLUMN totals_batch TEXT;
ALTER TABLE session_codes ADD COLUMN final_at BIGINT;
