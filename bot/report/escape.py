"""Making untrusted strings safe in Markdown, HTML and terminals.

Package archives and index metadata are attacker-controlled: a version, a file path or a
line of evidence must not close a code fence, break a table, inject HTML, ping people with
`@mentions` or move a terminal's cursor.
"""

from __future__ import annotations

import html
import re
import unicodedata

__all__ = [
    "clip",
    "code_block",
    "code_span",
    "html_text",
    "inline",
    "neutralize_mentions",
    "terminal_safe",
    "visible",
]

# Characters that render as nothing or reorder text: shown as <U+XXXX> instead.
_INVISIBLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f\u202a-\u202e"
    "\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff9-\ufffb]"
)
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~<>&])")
# "@" followed by something a mention could start with; a zero-width space breaks the mention.
_MENTION = re.compile(r"@(?=[A-Za-z0-9])")
_ZWSP = "\u200b"


def visible(text: str) -> str:
    """Replace control, bidi and zero-width characters (except newline and tab) by <U+XXXX>."""

    def show(match: re.Match[str]) -> str:
        return f"<U+{ord(match.group()):04X}>"

    text = _INVISIBLE.sub(show, text)
    return "".join(
        f"<U+{ord(char):04X}>"
        if unicodedata.category(char) in ("Cc", "Cs", "Co") and char not in "\n\t"
        else char
        for char in text
    )


def clip(text: str, limit: int) -> str:
    """At most `limit` characters, ending in "…" when cut."""
    if len(text) <= limit:
        return text
    return text[: max(0, limit - 1)] + "…"


def neutralize_mentions(text: str) -> str:
    return _MENTION.sub("@" + _ZWSP, text)


def inline(text: str, limit: int = 300) -> str:
    """Untrusted text inside a Markdown paragraph or table cell: one line, no markup."""
    text = " ".join(visible(clip(text, limit)).split())
    return neutralize_mentions(_MARKDOWN_SPECIAL.sub(r"\\\1", text))


def html_text(text: str, limit: int = 300) -> str:
    """Untrusted text inside an HTML element (a `<summary>`), where Markdown is not parsed."""
    text = " ".join(visible(clip(text, limit)).split())
    return neutralize_mentions(html.escape(text, quote=True))


def code_span(text: str, limit: int = 200, *, in_table: bool = False) -> str:
    """Untrusted text as an inline code span on one line.

    The delimiter is one backtick longer than any run inside. In a table cell `|` is escaped,
    because GitHub splits cells before it parses code spans (and drops the backslash).
    """
    text = " ".join(visible(clip(text, limit)).split())
    if in_table:
        text = text.replace("|", "\\|")
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or not text.strip() else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def code_block(text: str, language: str = "", limit: int = 2000) -> str:
    """Untrusted text as a fenced block that nothing inside can close."""
    body = visible(clip(text, limit)).rstrip("\n")
    longest = max((len(run) for run in re.findall(r"`+", body)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}{language}\n{body}\n{fence}"


_ANSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[@-_]")


def terminal_safe(text: str, limit: int = 300) -> str:
    """Untrusted text for a terminal: one line, escape sequences and controls made visible."""
    return " ".join(visible(_ANSI.sub("", clip(text, limit))).split())
