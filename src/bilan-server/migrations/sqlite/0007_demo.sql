-- When `serve --demo` seeded this database with a fictitious Pôle (milliseconds since the
-- epoch): every screen showing its tables says they are demo data.
ALTER TABLE instance ADD COLUMN demo_at BIGINT;
