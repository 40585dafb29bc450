"""The capability taxonomy: which fully-qualified Python API means which capability.

The table lives in `bot/data/capabilities.csv` (columns `api, alert_type, severity,
description`) so it can grow without code changes; it is read once, on first use.
`description` is a verb phrase; a finding's reason is "<description> with <api>.".
"""

from __future__ import annotations

import csv
import functools
import io
from dataclasses import dataclass
from importlib import resources

from bot.model import AlertType, Severity

__all__ = ["Capability", "TaxonomyError", "load_taxonomy", "lookup", "parse_taxonomy"]


class TaxonomyError(ValueError):
    """The capability table is malformed (a bug in shipped data, caught by tests)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Capability:
    api: str
    type: AlertType
    severity: Severity
    description: str

    def reason(self, api: str | None = None) -> str:
        return f"{self.description} with {api or self.api}."


def parse_taxonomy(text: str) -> dict[str, Capability]:
    """Parse the CSV table; every row must name a real alert type and severity, once."""
    table: dict[str, Capability] = {}
    reader = csv.DictReader(io.StringIO(text))
    if reader.fieldnames != ["api", "alert_type", "severity", "description"]:
        raise TaxonomyError(f"capabilities.csv: unexpected header {reader.fieldnames}")
    for number, row in enumerate(reader, start=2):
        api = row["api"].strip()
        try:
            kind = AlertType(row["alert_type"].strip())
            severity = Severity[row["severity"].strip().upper()]
        except (ValueError, KeyError) as e:
            raise TaxonomyError(f"capabilities.csv:{number}: {e}") from e
        if not api or not row["description"].strip():
            raise TaxonomyError(f"capabilities.csv:{number}: empty api or description")
        if api in table:
            raise TaxonomyError(f"capabilities.csv:{number}: duplicate api {api!r}")
        table[api] = Capability(
            api=api, type=kind, severity=severity, description=row["description"].strip()
        )
    return table


@functools.cache
def load_taxonomy() -> dict[str, Capability]:
    text = resources.files("bot").joinpath("data/capabilities.csv").read_text(encoding="utf-8")
    return parse_taxonomy(text)


def lookup(api: str) -> Capability | None:
    """The capability of a resolved API name, or None.

    Call results are written `name()` by the resolver (`requests.Session().get`); the table
    lists them without the parentheses (`requests.Session.get`).
    """
    table = load_taxonomy()
    found = table.get(api)
    if found is None and "()" in api:
        found = table.get(api.replace("()", ""))
    return found
