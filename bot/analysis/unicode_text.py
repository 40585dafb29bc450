"""Invisible and look-alike Unicode in source text (Trojan Source, homoglyph identifiers)."""

from __future__ import annotations

import io
import re
import tokenize
import unicodedata
from dataclasses import dataclass

__all__ = ["UnicodeTrick", "find_unicode_tricks", "may_have_identifier_tricks"]

_INVISIBLE = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u200b-\u200d\u2060\ufeff]")
# Zero-width characters only matter outside comments and strings; bidi controls matter
# everywhere (Trojan Source hides code inside comments and strings with them).
_ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\ufeff")
# Candidate identifiers: runs of word characters (tokenize's NAME) with a non-ASCII one;
# tokenize confirms they are names.
_NON_ASCII_WORD = re.compile(r"\w*[^\W\x00-\x7f]\w*")
_NAMES = {
    0x202A: "LEFT-TO-RIGHT EMBEDDING", 0x202B: "RIGHT-TO-LEFT EMBEDDING",
    0x202C: "POP DIRECTIONAL FORMATTING", 0x202D: "LEFT-TO-RIGHT OVERRIDE",
    0x202E: "RIGHT-TO-LEFT OVERRIDE", 0x2066: "LEFT-TO-RIGHT ISOLATE",
    0x2067: "RIGHT-TO-LEFT ISOLATE", 0x2068: "FIRST STRONG ISOLATE",
    0x2069: "POP DIRECTIONAL ISOLATE", 0x200E: "LEFT-TO-RIGHT MARK",
    0x200F: "RIGHT-TO-LEFT MARK", 0x200B: "ZERO WIDTH SPACE", 0x200C: "ZERO WIDTH NON-JOINER",
    0x200D: "ZERO WIDTH JOINER", 0x2060: "WORD JOINER", 0xFEFF: "ZERO WIDTH NO-BREAK SPACE",
}
_MAX_TRICKS = 50


@dataclass(frozen=True, slots=True, kw_only=True)
class UnicodeTrick:
    api: str  # "unicode:U+202E" or "identifier:<ascii look-alike>"
    line: int
    reason: str


def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _is_mixed_script(name: str) -> bool:
    has_ascii_letter = any(c.isascii() and c.isalpha() for c in name)
    scripts = {unicodedata.name(c, "").split(" ")[0] for c in name if not c.isascii()}
    return has_ascii_letter and bool(scripts & {"CYRILLIC", "GREEK", "ARMENIAN", "CHEROKEE"})


def find_unicode_tricks(text: str, *, tokenize_names: bool = True) -> list[UnicodeTrick]:
    """Bidi controls and zero-width characters anywhere (but a leading BOM), and
    non-ASCII identifiers that normalize to ASCII or mix Latin with look-alike scripts."""
    if text.isascii():
        return []
    tricks: list[UnicodeTrick] = []
    quoted: list[tuple[int, int]] | None = None
    for match in _INVISIBLE.finditer(text):
        if match.start() == 0 and match.group() == "\ufeff":
            continue
        if match.group() in _ZERO_WIDTH:
            if quoted is None:
                quoted = _comment_and_string_spans(text)
            if any(start <= match.start() < end for start, end in quoted):
                continue
        code = ord(match.group())
        tricks.append(UnicodeTrick(
            api=f"unicode:U+{code:04X}", line=_line_of(text, match.start()),
            reason=f"Contains the invisible character U+{code:04X} {_NAMES[code]}, "
            "which can make code read differently than it runs.",
        ))
        if len(tricks) >= _MAX_TRICKS:
            return tricks
    if tokenize_names:
        tricks.extend(_identifier_tricks(text))
    return tricks[:_MAX_TRICKS]


def _comment_and_string_spans(text: str) -> list[tuple[int, int]]:
    """Character offsets covered by comments and string literals (empty if untokenizable)."""
    starts = [0]
    for line in text.splitlines(keepends=True):
        starts.append(starts[-1] + len(line))
    spans: list[tuple[int, int]] = []
    try:
        for token in tokenize.generate_tokens(io.StringIO(text).readline):
            if token.type in {tokenize.COMMENT, tokenize.STRING}:
                (row, col), (end_row, end_col) = token.start, token.end
                spans.append((starts[row - 1] + col, starts[end_row - 1] + end_col))
    except (tokenize.TokenError, SyntaxError, IndexError):
        return []
    return spans


def _suspicious_word(word: str) -> bool:
    # Only identifiers can be NAME tokens of a file that parses ("x²" or "…" cannot).
    return word.isidentifier() and (
        unicodedata.normalize("NFKC", word).isascii() or _is_mixed_script(word))


def may_have_identifier_tricks(text: str) -> bool:
    """Whether some word of `text` is a look-alike or mixed-script candidate."""
    return not text.isascii() and any(
        _suspicious_word(m.group()) for m in _NON_ASCII_WORD.finditer(text))


def _identifier_tricks(text: str) -> list[UnicodeTrick]:
    tricks: list[UnicodeTrick] = []
    if not may_have_identifier_tricks(text):
        return tricks
    try:
        for token in tokenize.generate_tokens(io.StringIO(text).readline):
            if token.type != tokenize.NAME or token.string.isascii():
                continue
            normalized = unicodedata.normalize("NFKC", token.string)
            if normalized.isascii():
                reason = (f"The identifier {token.string!r} is written with look-alike "
                          f"characters and means {normalized!r} to Python.")
            elif _is_mixed_script(token.string):
                reason = (f"The identifier {token.string!r} mixes Latin letters with "
                          "look-alike letters from another script.")
            else:
                continue
            tricks.append(UnicodeTrick(api=f"identifier:{normalized}", line=token.start[0],
                                       reason=reason))
            if len(tricks) >= _MAX_TRICKS:
                break
    except (tokenize.TokenError, SyntaxError):
        pass  # the file did not tokenize; the invisible-character scan above still ran
    return tricks
