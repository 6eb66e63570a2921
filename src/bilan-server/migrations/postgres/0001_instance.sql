-- One row describing this installation: when its database was created.
CREATE TABLE instance (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
INSERT INTO instance (id) VALUES (1);
