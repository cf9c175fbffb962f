"""Reports: aggregates over visible cases (queries.py) and server-side charts (charts.py)."""
