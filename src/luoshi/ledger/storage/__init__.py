"""Storage: the engine, sessions and migrations (db.py, migrations/), the tables (models.py), the audit
trail every change writes (audit.py) and every row as plain data and back, whatever the revision
(dump.py: what backups and upgrades are made of)."""
