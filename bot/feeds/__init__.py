"""Known malware and advisories from OSV: the API client, an offline copy, and their records.

`records.py` is pure (part of the core); `osv_api.py`, `offline.py` and `download.py` are
adapters; `compose.py` chooses among them from `FeedSettings`.
"""
