"""Analysis: what reports say taken together, standing on `extract` alone (no database).

    review.py   year-over-year review: the targets of report N against the results report N+1 gives
    corpus.py   corpus mode: every report under a folder → tables of reports, indicators, promises
"""
