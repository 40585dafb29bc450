"""`ast.parse` behind one process-wide lock.

CPython 3.11 keeps ast.parse's recursion bookkeeping per interpreter, not per thread: two
threads parsing at once can fail with "AST constructor recursion depth mismatch"
(python/cpython#106905). Every parse that may run beside another thread's takes
`PARSE_LOCK` (re-entrant: a thread that holds it for a whole batch may parse inside it).
"""

from __future__ import annotations

import ast
import threading

__all__ = ["PARSE_LOCK", "parse_module"]

PARSE_LOCK = threading.RLock()


def parse_module(text: str) -> ast.Module:
    """`ast.parse(text)` under `PARSE_LOCK`; raises what ast.parse raises."""
    with PARSE_LOCK:
        return ast.parse(text)
