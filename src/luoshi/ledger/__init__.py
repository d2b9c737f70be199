"""The target ledger (任务台账): targets from a report, responsibilities, progress, status, audit.

Three layers, read top-down, each importing only those below it:

    service.py   the API the CLI and the web app call (keyword-only functions; see its docstring)
    ledger.py    `Ledger`, one object over one database for scripts and notebooks
    operations/  what the faces ask for, on a Session: lookups, regions, departments, users,
                 targets, responsibility (assign), import, progress, statuses, tracking (rows and
                 roll-ups), reminders (催办), carry-over of next year's results, backup
    rules/       pure functions, no database: status, schedule, colours, formatting of values,
                 drafting targets from a report, department suggestions (data/departments.yaml)
    storage/     engine and migrations (db.py, migrations/), tables (models.py), audit events
"""
