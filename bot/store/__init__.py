"""Durable state: the App's job queue and records (`queue.py`, `interface.py`) and the
analysis caches (`cache.py`).

Import from the modules themselves: this package re-exports nothing, so a CLI command
that needs only the analysis cache does not import the queue's modules too.
"""

__all__: list[str] = []
