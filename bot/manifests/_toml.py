"""Read TOML manifests: a document `tomllib` rejects becomes one `ParseIssue` with its line."""

from __future__ import annotations

import re
import tomllib

from bot.model import ParseIssue

__all__ = ["TomlTable", "dotted", "load_toml", "table_or_none"]

TomlTable = dict[str, object]

_AT_LINE = re.compile(r"\(at line (\d+), column \d+\)")


def load_toml(text: str) -> TomlTable | ParseIssue:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = _AT_LINE.search(str(exc))
        return ParseIssue(
            line=int(found.group(1)) if found else None, message=f"invalid TOML: {exc}"
        )
    except RecursionError:
        return ParseIssue(line=None, message="invalid TOML: nested too deeply to read")


def table_or_none(value: object) -> TomlTable | None:
    """`value` as a table (a dict with string keys, as tomllib makes them), else None."""
    if isinstance(value, dict):
        return {str(key): item for key, item in value.items()}
    return None


def dotted(path: tuple[str | int, ...]) -> str:
    """A key path the way a user writes it: `tool.poetry.source[0].url`."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + part
    return out
