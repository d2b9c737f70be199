"""Operations: keyword-only functions on a Session that check the actor's role, validate input, write
an audit event for every change and never commit. Lowest first:

    permissions.py  require_role            context.py  today(), the office's status rules
    lookup.py       get_target / get_department / get_report
    sessions.py     server-side web sessions, log-in throttling (both in the database)
    regions.py, departments.py, users.py (accounts: disable, reset, roles; each ends sessions)
    statuses.py     status in bulk, overrides
    responsibility.py  lead and co-departments, keyword suggestions
    targets.py      lists, sub-tasks, corrections, withdrawals
    importer.py     a report into the ledger, with a diff on re-import
    progress.py, tracking.py (ledger rows, roll-ups), remind.py (催办), carryover.py
    backup.py       backup, restore, verify, rotation      upgrade.py  db upgrade after a backup
"""
