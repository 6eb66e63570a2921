-- Sessions open to participants' own devices: the join code is the only way in, and only while
-- the session is open. Nothing here says who joined.
CREATE TABLE session_codes (
    code TEXT PRIMARY KEY,
    survey TEXT NOT NULL,
    format TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    closed_at BIGINT
);
