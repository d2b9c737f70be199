"""Rules: pure functions, no database, table-tested.

    status.py      a target's status from its facts and latest reading; roll-ups
    schedule.py    report periods, due period ends, 时序进度
    colours.py     warning colours (红/黄/蓝)
    formatting.py  指标值 in words
    drafting.py    a report and its indicators → draft targets (quantified, list items, tasks)
    suggest.py     lead and co-departments from keyword rules (data/departments.yaml)
    values.py      whether a reported value can be progress on its target (NaN, ranges, units)
    passwords.py   the password policy (data/passwords.yaml)
"""
