"""Line numbers for lock-file entries, which `tomllib` and `json` do not report.

Each finder makes one pass over the text. The n-th `[[package]]` header belongs to the n-th
entry of the parsed array, so callers pair the two lists by position (and give up on lines
when the counts differ).
"""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Sequence

__all__ = ["array_table_lines", "json_object_key_lines"]


def _lines_of_sorted(text: str, offsets: Sequence[int]) -> list[int]:
    """1-based lines of ascending offsets, counting newlines between neighbours."""
    lines: list[int] = []
    line, previous = 1, 0
    for offset in offsets:
        line += text.count("\n", previous, offset)
        previous = offset
        lines.append(line)
    return lines


def _header_pattern(name: str) -> str:
    key = re.escape(name)
    return rf"\[\[[ \t]*(?:{key}|\"{key}\"|'{key}')[ \t]*\]\][ \t]*(?:#[^\n]*)?$"


def _at_line_start(text: str, offset: int) -> bool:
    start = text.rfind("\n", 0, offset) + 1
    return not text[start:offset].strip(" \t")


# Everything that can hide a header-looking line: multi-line strings. Single-line strings and
# comments are matched too so that a quote inside them cannot open a fake multi-line string.
_TOML_TOKENS = "|".join(
    (
        r'"""(?:[^"\\]|\\.|"(?!""))*"""(?:"{1,2}(?!"))?',  # multi-line basic string
        r"'''(?:[^']|'(?!''))*'''(?:'{1,2}(?!'))?",  # multi-line literal string
        r'"(?:[^"\\\n]|\\.)*"',  # basic string
        r"'[^'\n]*'",  # literal string
        r"#[^\n]*",  # comment
    )
)
_MULTILINE_STRING_QUOTES = ('"""', "'''")


def array_table_lines(text: str, name: str) -> list[int]:
    """1-based lines of every `[[name]]` header, in document order.

    Headers inside multi-line strings are skipped; other oddities (an entry written as an
    inline array instead of headers) make the count differ, which callers must check.
    """
    header = _header_pattern(name)
    if not any(quotes in text for quotes in _MULTILINE_STRING_QUOTES):
        # Fast path: without multi-line strings a header-looking line is always a header
        # (TOML forbids bare words as values, so it cannot sit inside an array). The pattern
        # starts with a literal, which `re` scans for quickly; line starts are checked after.
        matches = re.finditer(header, text, re.MULTILINE)
        offsets = [m.start() for m in matches if _at_line_start(text, m.start())]
        return _lines_of_sorted(text, offsets)
    pattern = re.compile(rf"(?P<header>^[ \t]*{header})|{_TOML_TOKENS}", re.MULTILINE)
    offsets = [m.start() for m in pattern.finditer(text) if m.lastgroup == "header"]
    return _lines_of_sorted(text, offsets)


_JSON_STRING = re.compile(r'"((?:[^"\\]|\\.)*)"(\s*:\s*\{)?')


def json_object_key_lines(
    text: str, sections: Sequence[tuple[str, Sequence[str]]]
) -> list[list[int | None]]:
    """Lines of `"section": {` and then of each `"member": {` inside it, in document order.

    Best effort for pretty-printed JSON such as Pipfile.lock: every string is tokenized once
    (so nothing matches inside a string), keys whose value is an object are indexed, and each
    lookup takes the next occurrence after the previous hit. A member that cannot be found
    gets None and does not move the cursor. Returns one list of member lines per section.
    """
    occurrences: dict[str, list[int]] = {}
    offsets: list[int] = []
    for match in _JSON_STRING.finditer(text):
        if match.group(2) is None:
            continue
        try:
            key = json.loads(match.group(0)[: match.end(1) - match.start() + 1])
        except ValueError:
            continue
        if isinstance(key, str):
            occurrences.setdefault(key, []).append(len(offsets))
            offsets.append(match.start())
    lines_by_index = _lines_of_sorted(text, offsets)

    def next_after(key: str, cursor: int) -> int | None:
        found = occurrences.get(key)
        if not found:
            return None
        at = bisect.bisect_left(found, cursor)
        return found[at] if at < len(found) else None

    result: list[list[int | None]] = []
    cursor = 0
    for section, members in sections:
        section_at = next_after(section, cursor)
        if section_at is None:
            result.append([None] * len(members))
            continue
        cursor = section_at + 1
        lines: list[int | None] = []
        for member in members:
            member_at = next_after(member, cursor)
            if member_at is None:
                lines.append(None)
                continue
            cursor = member_at + 1
            lines.append(lines_by_index[member_at])
        result.append(lines)
    return result
