"""Storage: the engine, sessions and migrations (db.py, migrations/), the tables (models.py) and the
audit trail every change writes (audit.py)."""
