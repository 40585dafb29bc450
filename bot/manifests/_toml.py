"""Read TOML manifests: a document the decoder rejects becomes one `ParseIssue` with its line.

Decoding uses rtoml (Rust): 2-4x faster than a compiled tomli and about 6x faster than
tomllib on 1 MB lock files, where decoding is most of the parse time. It gives the same
dictionaries. Should it ever panic on hostile input, the standard library decides instead.
"""

from __future__ import annotations

import re
import tomllib

import rtoml

from bot.model import ParseIssue

__all__ = ["TomlTable", "decode_toml", "dotted", "load_toml", "table_or_none"]

TomlTable = dict[str, object]

# tomllib: "(at line 3, column 5)"; rtoml: "at line 3 column 5".
_AT_LINE = re.compile(r"at line (\d+),? column \d+")


def decode_toml(text: str) -> TomlTable:
    """The decoded document; raises ValueError (with the line in its message) or RecursionError."""
    try:
        document: TomlTable = rtoml.loads(text)
    except (ValueError, RecursionError):
        raise
    except BaseException as exc:
        # pyo3 turns a Rust panic into PanicException, which derives from BaseException.
        if isinstance(exc, KeyboardInterrupt | SystemExit | GeneratorExit | MemoryError):
            raise
        return tomllib.loads(text)
    return document


def error_line(error: BaseException) -> int | None:
    found = _AT_LINE.search(str(error))
    return int(found.group(1)) if found else None


def load_toml(text: str) -> TomlTable | ParseIssue:
    try:
        return decode_toml(text)
    except RecursionError:
        return ParseIssue(line=None, message="invalid TOML: nested too deeply to read")
    except ValueError as exc:
        return ParseIssue(line=error_line(exc), message=f"invalid TOML: {exc}")


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
