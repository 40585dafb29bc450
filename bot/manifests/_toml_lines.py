"""Line numbers for TOML keys and array items, which `tomllib` does not report.

    index = TomlLineIndex(text)
    index.line_of(("project", "dependencies"))                 # line of the key
    index.line_of(("project", "dependencies"), item_index=2)   # line of the 3rd array item
    index.line_of(("tool", "poetry", "source", 0, "url"))      # [[array.of.tables]] use ints

Paths are the same keys `tomllib` gives (unquoted, dotted keys split). A table header's path
maps to the header's line. The scan is light and best effort: it assumes the text is valid TOML
(parse it with `tomllib` first) and answers None for anything it did not find; it never raises.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["KeyPath", "TomlLineIndex"]

KeyPath = tuple[str | int, ...]

_PUNCTUATION = frozenset("[]{}=,")
_BARE_STOP = frozenset(" \t\r\n[]{}=,#\"'")
_ESCAPES = {"b": "\b", "t": "\t", "n": "\n", "f": "\f", "r": "\r", '"': '"', "\\": "\\"}


@dataclass(frozen=True, slots=True)
class _Token:
    kind: str  # "str", "bare", "nl", or the punctuation character itself
    text: str
    line: int


class _Lexer:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.line = 1

    def tokens(self) -> list[_Token]:
        out: list[_Token] = []
        text = self.text
        while self.pos < len(text):
            char = text[self.pos]
            if char == "\n":
                out.append(_Token("nl", "\n", self.line))
                self.line += 1
                self.pos += 1
            elif char in " \t\r":
                self.pos += 1
            elif char == "#":
                end = text.find("\n", self.pos)
                self.pos = len(text) if end < 0 else end
            elif char in _PUNCTUATION:
                out.append(_Token(char, char, self.line))
                self.pos += 1
            elif char in "\"'":
                out.append(self._string(char))
            else:
                start = self.pos
                while self.pos < len(text) and text[self.pos] not in _BARE_STOP:
                    self.pos += 1
                out.append(_Token("bare", text[start : self.pos], self.line))
        return out

    def _string(self, quote: str) -> _Token:
        text, line = self.text, self.line
        triple = text.startswith(quote * 3, self.pos)
        delimiter = quote * 3 if triple else quote
        self.pos += len(delimiter)
        if triple and text.startswith("\n", self.pos):
            self.pos += 1
            self.line += 1
        chars: list[str] = []
        while self.pos < len(text):
            if text.startswith(delimiter, self.pos):
                self.pos += len(delimiter)
                # A multi-line string may end with up to two extra quotes before the delimiter.
                while triple and self.pos < len(text) and text[self.pos] == quote:
                    chars.append(quote)
                    self.pos += 1
                break
            char = text[self.pos]
            if char == "\n":
                self.line += 1
            if char == "\\" and quote == '"' and self.pos + 1 < len(text):
                nxt = text[self.pos + 1]
                if nxt in _ESCAPES:
                    chars.append(_ESCAPES[nxt])
                    self.pos += 2
                    continue
                if nxt in "uU":
                    width = 4 if nxt == "u" else 8
                    with contextlib.suppress(ValueError):
                        chars.append(chr(int(text[self.pos + 2 : self.pos + 2 + width], 16)))
                    self.pos += 2 + width
                    continue
                # Line-ending backslash: skip the newline and following whitespace.
                self.pos += 1
                while self.pos < len(text) and text[self.pos] in " \t\r\n":
                    if text[self.pos] == "\n":
                        self.line += 1
                    self.pos += 1
                continue
            chars.append(char)
            self.pos += 1
        return _Token("str", "".join(chars), line)


class TomlLineIndex:
    """Maps key paths (and array items) of a TOML document to 1-based line numbers."""

    def __init__(self, text: str) -> None:
        self._lines: dict[KeyPath, int] = {}
        self._array_tables: dict[KeyPath, int] = {}
        self._tokens = _Lexer(text).tokens()
        self._pos = 0
        # Best effort: keep whatever was indexed before a surprise.
        with contextlib.suppress(RecursionError, IndexError, ValueError):
            self._document()

    def line_of(self, path: Sequence[str | int], item_index: int | None = None) -> int | None:
        key = tuple(path) if item_index is None else (*path, item_index)
        return self._lines.get(key)

    # --- the scan -------------------------------------------------------------------------
    def _peek(self, offset: int = 0) -> _Token | None:
        index = self._pos + offset
        return self._tokens[index] if index < len(self._tokens) else None

    def _next(self) -> _Token:
        token = self._tokens[self._pos]
        self._pos += 1
        return token

    def _skip_newlines(self) -> None:
        while (token := self._peek()) is not None and token.kind == "nl":
            self._pos += 1

    def _skip_line(self) -> None:
        while (token := self._peek()) is not None and token.kind != "nl":
            self._pos += 1

    def _document(self) -> None:
        table: KeyPath = ()
        while True:
            self._skip_newlines()
            token = self._peek()
            if token is None:
                return
            if token.kind == "[":
                table = self._header()
            elif token.kind in ("str", "bare"):
                self._key_value(table)
            else:
                self._pos += 1
            self._skip_line()

    def _header(self) -> KeyPath:
        first = self._next()
        nxt = self._peek()
        is_array = nxt is not None and nxt.kind == "[" and nxt.line == first.line
        if is_array:
            self._pos += 1
        parts = self._key(until="]")
        resolved: list[str | int] = []
        for i, part in enumerate(parts):
            resolved.append(part)
            last = i == len(parts) - 1
            count = self._array_tables.get(tuple(resolved))
            if count is not None and not (last and is_array):
                resolved.append(count - 1)
        if is_array:
            count = self._array_tables.get(tuple(resolved), 0) + 1
            self._array_tables[tuple(resolved)] = count
            resolved.append(count - 1)
        path = tuple(resolved)
        self._lines.setdefault(path, first.line)
        return path

    def _key(self, until: str) -> list[str]:
        parts: list[str] = []
        while (token := self._peek()) is not None and token.kind not in (until, "nl"):
            self._pos += 1
            if token.kind == "str":
                parts.append(token.text)
            elif token.kind == "bare":
                parts.extend(piece for piece in token.text.split(".") if piece)
        return parts

    def _key_value(self, table: KeyPath) -> None:
        line = self._tokens[self._pos].line
        parts = self._key(until="=")
        token = self._peek()
        if token is None or token.kind != "=":
            return
        self._pos += 1
        path = (*table, *parts)
        self._lines.setdefault(path, line)
        self._value(path)

    def _value(self, path: KeyPath) -> None:
        token = self._peek()
        if token is None:
            return
        if token.kind == "[":
            self._pos += 1
            self._array(path)
        elif token.kind == "{":
            self._pos += 1
            self._inline_table(path)
        elif token.kind in ("str", "bare"):
            self._pos += 1

    def _array(self, path: KeyPath) -> None:
        index = 0
        while True:
            self._skip_newlines()
            token = self._peek()
            if token is None:
                return
            if token.kind == "]":
                self._pos += 1
                return
            if token.kind == ",":
                self._pos += 1
                continue
            item = (*path, index)
            self._lines.setdefault(item, token.line)
            before = self._pos
            self._value(item)
            if self._pos == before:  # not a value (invalid TOML): step over it
                self._pos += 1
            index += 1

    def _inline_table(self, path: KeyPath) -> None:
        while True:
            self._skip_newlines()
            token = self._peek()
            if token is None:
                return
            if token.kind == "}":
                self._pos += 1
                return
            if token.kind == ",":
                self._pos += 1
                continue
            if token.kind not in ("str", "bare"):
                self._pos += 1
                continue
            self._key_value(path)
