"""The target ledger (任务台账): targets from a report, responsibilities, progress, status, audit.

    db.py        engine / session factory / migrations (open_db, transaction, init_db)
    models.py    tables;  status.py  the status rules (pure)
    service.py   the API the CLI and the web app call (see its docstring)
    importer.py  report → targets (quantified, items, tasks) with a diff on re-import
    assign.py    department suggestions from keyword rules (data/departments.yaml)
    backup.py    one-file backup and restore;  remind.py  reminders (催办)
"""
