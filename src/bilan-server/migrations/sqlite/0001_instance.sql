-- One row describing this installation: when its database was created.
CREATE TABLE instance (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
INSERT INTO instance (id) VALUES (1);
