"""Line numbers for lock-file entries, which `tomllib` and `json` do not report.

Each finder makes one pass over the text. The n-th `[[package]]` header belongs to the n-th
entry of the parsed array, so callers pair the two lists by position (and give up on lines
when the counts differ).
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence

__all__ = ["array_table_lines", "entry_lines", "json_object_key_lines"]


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
    return rf"\[\[[ \t]*(?:{key}|\"{key}\"|'{key}')[ \t]*\]\][ \t]*(?:#[^\r\n]*)?\r?$"


def _at_line_start(text: str, offset: int) -> bool:
    start = text.rfind("\n", 0, offset) + 1
    return not text[start:offset].strip(" \t")


# Everything that can hide a header-looking line: multi-line strings. Single-line strings and
# comments are matched too so that a quote inside them cannot open a fake multi-line string.
_TOML_TOKENS = "|".join(
    (
        # Written "unrolled" (runs of plain characters first), which `re` matches far faster.
        r'"""[^"\\]*(?:(?:\\.|"(?!""))[^"\\]*)*"""(?:"{1,2}(?!"))?',  # multi-line basic string
        r"'''[^']*(?:'(?!'')[^']*)*'''(?:'{1,2}(?!'))?",  # multi-line literal string
        r'"[^"\\\n]*(?:\\.[^"\\\n]*)*"',  # basic string
        r"'[^'\n]*'",  # literal string
        r"#[^\n]*",  # comment
    )
)
_MULTILINE_STRING_QUOTES = ('"""', "'''")


def entry_lines(text: str, name: str, entries: object) -> list[int]:
    """The header line of each entry of the decoded `[[name]]` array, or [] when the headers
    found do not pair one-to-one with `entries` (then no line is better than a wrong one)."""
    lines = array_table_lines(text, name)
    if not isinstance(entries, list) or len(lines) != len(entries):
        return []
    return lines


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


_JSON_TOKEN = re.compile(
    r'(?P<key>"[^"\\]*(?:\\.[^"\\]*)*")\s*:\s*\{'  # a key whose value is an object
    r"|(?P<open>[{\[])"
    r"|(?P<close>[}\]])"
    # Anything else, many strings at once (a hash list is one match): fewer Python steps.
    r'|(?:[^"{}\[\]]+|"[^"\\]*(?:\\.[^"\\]*)*"(?!\s*:\s*\{))+'
)


def json_object_key_lines(
    text: str, sections: Sequence[tuple[str, Sequence[str]]]
) -> list[list[int | None]]:
    """Lines of the `"member": {` keys inside each top-level `"section": {`.

    Best effort for JSON such as Pipfile.lock: one pass tokenizes strings (so nothing matches
    inside one) and brackets (to know each key's depth). As json.loads keeps the last of
    duplicate keys, the last occurrence wins here too. A key not found gets None.
    Returns one list of member lines per section, in the order given.
    """
    depth = 0
    # (depth of the object holding the key, key, offset) for keys whose value is an object.
    keys: list[tuple[int, str, int]] = []
    for match in _JSON_TOKEN.finditer(text):
        kind = match.lastgroup
        if kind is None:
            continue
        if kind == "open":
            depth += 1
        elif kind == "close":
            depth -= 1
        else:
            try:
                key = json.loads(match.group("key"))
            except ValueError:
                key = None
            if isinstance(key, str):
                keys.append((depth, key, match.start()))
            depth += 1  # the `{` that opens the key's value
    lines = _lines_of_sorted(text, [offset for _, _, offset in keys])

    # Members of each top-level section: section key -> {member -> line}, last one winning.
    members_of: dict[str, dict[str, int]] = {}
    current: dict[str, int] | None = None
    for (key_depth, key, _), line in zip(keys, lines, strict=True):
        if key_depth == 1:
            current = members_of[key] = {}
        elif key_depth == 2 and current is not None:
            current[key] = line
        elif key_depth < 1:
            current = None
    return [
        [members_of.get(section, {}).get(member) for member in members]
        for section, members in sections
    ]
