"""Log context bound once per delivery or job, instead of threaded through every call.

`bound(delivery="…")` sets it for the current task; `ContextFilter` copies it onto each
record as `record.context` (the server's log format prints it).
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from contextvars import ContextVar

__all__ = ["LOG_FORMAT", "ContextFilter", "bound", "current"]

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(context)s] %(message)s"

_context: ContextVar[str] = ContextVar("capdiff_log_context", default="")


def current() -> str:
    return _context.get()


@contextlib.contextmanager
def bound(**fields: object) -> Iterator[None]:
    extra = " ".join(f"{key}={value}" for key, value in fields.items())
    token = _context.set(f"{_context.get()} {extra}".strip())
    try:
        yield
    finally:
        _context.reset(token)


class ContextFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.context = _context.get()
        return True
