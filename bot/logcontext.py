"""Log context bound once per delivery or job, instead of threaded through every call.

`bound(delivery="…")` sets it for the current task; `ContextFilter` copies it onto each
record as `record.context` (text: "delivery=… job=…") and `record.fields` (a dict).
`configure_logging("json")` writes one JSON object per line with those fields as keys
(delivery, event, job, repo, pr, sha), for log pipelines; "text" is the readable default.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
from collections.abc import Iterator
from contextvars import ContextVar
from datetime import UTC, datetime

__all__ = [
    "LOG_FORMAT",
    "ContextFilter",
    "JsonFormatter",
    "bound",
    "configure_logging",
    "current",
    "current_fields",
]

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(context)s] %(message)s"

_fields: ContextVar[tuple[tuple[str, object], ...]] = ContextVar(
    "capdiff_log_context", default=()
)


def current_fields() -> dict[str, object]:
    return dict(_fields.get())


def current() -> str:
    return " ".join(f"{key}={value}" for key, value in _fields.get())


@contextlib.contextmanager
def bound(**fields: object) -> Iterator[None]:
    token = _fields.set((*_fields.get(), *fields.items()))
    try:
        yield
    finally:
        _fields.reset(token)


class ContextFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.context = current()
        record.fields = current_fields()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per record: time, level, logger, message, the bound fields, error."""

    def format(self, record: logging.LogRecord) -> str:
        document: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        fields = getattr(record, "fields", None)
        if isinstance(fields, dict):
            for key, value in fields.items():
                document.setdefault(key, value)
        if record.exc_info:
            document["error"] = self.formatException(record.exc_info)
        return json.dumps(document, default=str, ensure_ascii=False)


def configure_logging(log_format: str | None = None) -> str:
    """Root logging to stderr in `log_format` (else $CAPDIFF_LOG_FORMAT, else text)."""
    chosen = (log_format or os.environ.get("CAPDIFF_LOG_FORMAT", "") or "text").lower()
    if chosen not in {"text", "json"}:
        chosen = "text"
    handler = logging.StreamHandler()
    handler.addFilter(ContextFilter())
    handler.setFormatter(JsonFormatter() if chosen == "json" else logging.Formatter(LOG_FORMAT))
    logging.basicConfig(level=logging.INFO, handlers=[handler], force=True)
    return chosen
