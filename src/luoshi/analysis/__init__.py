"""The analysis layer: review (targets of year N against results of N+1), compare (regions side by
side), series (one region over the years) and corpus (many reports at once). It stands on `extract`
and is read by the ledger and the faces."""
