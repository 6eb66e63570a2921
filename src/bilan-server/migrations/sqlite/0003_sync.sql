-- Access tokens: only a SHA-256 of each token is kept; a revoked token stays for the record.
CREATE TABLE tokens (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    hash TEXT NOT NULL UNIQUE,
    role TEXT NOT NULL CHECK (role IN ('contributor', 'facilitator', 'board', 'admin')),
    label TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    revoked_at BIGINT
);

-- One random key per contribution ever applied, so a retried upload counts once. Nothing links a
-- key to the counters it incremented.
CREATE TABLE contribution_keys (
    id TEXT PRIMARY KEY
) WITHOUT ROWID;

-- The counters: how many contributions put a question in a bucket, per table.
CREATE TABLE counters (
    survey TEXT NOT NULL,
    version INTEGER NOT NULL,
    period TEXT NOT NULL,
    dimension TEXT NOT NULL,
    question TEXT NOT NULL,
    bucket TEXT NOT NULL,
    count BIGINT NOT NULL,
    PRIMARY KEY (survey, version, period, dimension, question, bucket)
) WITHOUT ROWID;

-- How many contributions each table holds (the denominator of its release).
CREATE TABLE sync_tables (
    survey TEXT NOT NULL,
    version INTEGER NOT NULL,
    period TEXT NOT NULL,
    dimension TEXT NOT NULL,
    contributions BIGINT NOT NULL,
    PRIMARY KEY (survey, version, period, dimension)
) WITHOUT ROWID;

-- The release last published for each table; it moves on only after k new contributions.
CREATE TABLE releases (
    survey TEXT NOT NULL,
    version INTEGER NOT NULL,
    period TEXT NOT NULL,
    dimension TEXT NOT NULL,
    at BIGINT NOT NULL,
    body TEXT NOT NULL,
    PRIMARY KEY (survey, version, period, dimension)
) WITHOUT ROWID;

-- The organisation's yearly activity figures (the bilan-annuel survey), one JSON object per year.
CREATE TABLE figures (
    year INTEGER PRIMARY KEY,
    body TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);
