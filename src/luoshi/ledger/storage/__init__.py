"""Storage: the engine, sessions and migrations (db.py, migrations/), the tables (models.py) and the
audit trail every change writes (audit.py). db.py also keeps the ledger version (bumped in the same
transaction as any content change) and the row versions that decide which of two writers wins."""
