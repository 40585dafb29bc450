"""Invisible and look-alike Unicode in source text (Trojan Source, homoglyph identifiers)."""

from __future__ import annotations

import io
import re
import tokenize
import unicodedata
from dataclasses import dataclass

__all__ = ["UnicodeTrick", "find_unicode_tricks"]

_INVISIBLE = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u200b-\u200d\u2060\ufeff]")
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
    for match in _INVISIBLE.finditer(text):
        if match.start() == 0 and match.group() == "\ufeff":
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


def _identifier_tricks(text: str) -> list[UnicodeTrick]:
    tricks: list[UnicodeTrick] = []
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
