"""Storage: the engine, sessions and migrations (db.py, migrations/), the tables (models.py), the audit
trail every change writes (audit.py) and every row as plain data and back, whatever the revision
(dump.py: what backups and upgrades are made of). db.py also keeps the ledger version (bumped in the
same transaction as any content change) and the row versions that decide which of two writers wins."""
