"""Analysis: what reports say taken together, standing on `extract` alone (no database); read by the
ledger and the faces.

    review.py   year-over-year review: the targets of report N against the results report N+1 gives
    corpus.py   corpus mode: every report under a folder → tables of reports, indicators, promises
    compare.py  regions side by side: each report's main expected targets under canonical indicators
    series.py   one region over the years: year N's target beside year N+1's result
    runner.py   one task per report file on worker processes or a Dask cluster
"""
