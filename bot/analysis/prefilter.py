"""Cheap test of whether a Python file can have any finding that needs its syntax tree.

`ast.parse` and the walk are most of the analyzer's time, yet most files of a package
use no risky API and hold no suspicious literal. `needs_syntax_tree` says False only when
the tree walk (and the text fallback for unparseable files) provably has nothing to report:

- every API the resolver can reach is spelled in the text: `a.b.c` needs the words `a`,
  `b` and `c` (imports, aliases, star imports and attribute chains all write them), unless
  names are computed (`getattr`, `__import__`, `import_module`, `builtins`), which always
  needs the tree;
- every string literal is found by a small tokenizer (strings and comments only) and gets
  the same URL, sensitive-path and entropy checks as `visit_Constant`; literals it cannot
  decode exactly (`\\x`, `\\u`, `\\N`, octal escapes; long f-strings) need the tree;
- identifier soup, long packed lines, look-alike identifiers and code run at install
  time need the tree.

Signals read from the raw text (known obfuscators, Unicode tricks) are not covered here:
the caller runs them on every file.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from bot.analysis.obfuscation import is_high_entropy_blob, is_high_entropy_bytes
from bot.analysis.sensitive import match_paths, might_match_paths
from bot.analysis.taxonomy import load_taxonomy
from bot.analysis.unicode_text import may_have_identifier_tricks
from bot.analysis.urls import find_suspicious_urls

__all__ = ["needs_syntax_tree"]

_LONG_LINE = 2000
# Words that let the resolver compute a name from strings: anything may hide behind them.
_DYNAMIC_WORDS = frozenset({"__import__", "import_module", "__builtins__", "write_text",
                            "write_bytes"})
# `builtins` resolves only once imported (`import builtins`, `from builtins import ...`).
_BUILTINS_IMPORT = re.compile(r"\b(?:import[\w\s.,\\(]*|from\s+)\bbuiltins\b")
# APIs the visitor acts on besides the taxonomy table (env reads, openers).
_EXTRA_APIS = ("os.environ", "os.getenv", "os.getenvb", "io.open", "codecs.open", "os.open")
_BUILTIN_CALLS = frozenset({"exec", "eval", "compile", "execfile", "open"})
_OBFUSCATED_NAME = re.compile(r"^(?:_{3,}|_*[lI1]{6,}|_*[O0]{6,}|_+[0-9a-f]{10,})$")
_WORD = re.compile(r"\.?\w+")
# Comments and string literals, as Python's tokenizer delimits them; a lone quote means
# the file does not tokenize (it then needs the parser's verdict).
_LITERAL = re.compile(
    r"#[^\n]*"
    r"|'''[^'\\]*(?:(?:\\.|'(?!''))[^'\\]*)*'''"
    r'|"""[^"\\]*(?:(?:\\.|"(?!""))[^"\\]*)*"""'
    r"|'[^\n'\\]*(?:\\.[^\n'\\]*)*'"
    r'|"[^\n"\\]*(?:\\.[^\n"\\]*)*"'
    r"|['\"]",
    re.DOTALL,
)
# What may separate the parts of an implicitly concatenated literal.
_GAP = re.compile(r"(?:[ \t\f\n]|\\\n|#[^\n]*+)*+")  # possessive: a `####` line has one split
_OPAQUE_ESCAPE = re.compile(r"\\[0-7xNuU]")
_SIMPLE_ESCAPE = re.compile(r"\\(.)", re.DOTALL)
_SIMPLE_VALUES = {"\n": "", "\\": "\\", "'": "'", '"': '"', "a": "\a", "b": "\b", "f": "\f",
                  "n": "\n", "r": "\r", "t": "\t", "v": "\v"}
_URL_HINTS = ("://", "/api/webhooks", "api.telegram.org")
_MAX_RUN_PIECES = 6


@functools.cache
def _api_requirements() -> tuple[frozenset[str], ...]:
    """For each reachable API, the words its spelling needs (`os.environ.get` -> os, ...)."""
    needs: set[frozenset[str]] = set()
    for api in [*load_taxonomy(), *_EXTRA_APIS]:
        parts = api.replace("()", "").split(".")
        if parts[0] == "builtins":
            continue  # handled with the bare-name test
        needs.add(frozenset(parts))
    return tuple(needs)


# bytes.translate + split is several times faster than a regex findall of words.
_NOT_WORD = bytes(c if chr(c).isascii() and (chr(c).isalnum() or c == ord("_")) else 32
                  for c in range(256))


def _words(text: str) -> tuple[set[str], set[str]]:
    """All words, and the words not written right after a dot (possible bare names)."""
    if text.isascii():
        words = set(text.encode("ascii").translate(_NOT_WORD).decode("ascii").split())
        bare = {word for word in words & _BUILTIN_CALLS
                if re.search(rf"(?<![.\w]){word}(?!\w)", text)}
        return words, bare
    tokens = set(_WORD.findall(text))
    # Python reads identifiers NFKC-normalized: `ｅｘｅｃ` is `exec`.
    tokens |= {unicodedata.normalize("NFKC", t) for t in tokens if not t.isascii()}
    words = {t.removeprefix(".") for t in tokens}
    bare = {t for t in tokens if not t.startswith(".")}
    return words, bare


@functools.cache
def _api_roots() -> frozenset[str]:
    """Modules whose APIs the visitor knows (`os`, `socket`, ...)."""
    return frozenset(api.split(".")[0] for api in [*load_taxonomy(), *_EXTRA_APIS]) - {
        "builtins"}


def _code_may_matter(text: str) -> bool:
    words, bare = _words(text)
    if words & _DYNAMIC_WORDS or bare & _BUILTIN_CALLS:
        return True
    if "builtins" in words and _BUILTINS_IMPORT.search(text):
        return True
    if any(need <= words for need in _api_requirements()):
        return True
    # getattr(module, computed) may reach any API of an imported module.
    if "getattr" in words and not _api_roots().isdisjoint(words):
        return True
    return sum(1 for word in words if _OBFUSCATED_NAME.match(word)) >= 20


def _decoded(content: str, prefix: str) -> str | None:
    """A literal's value, or None when escapes make it unknowable without the parser."""
    if "\\" not in content or "r" in prefix:
        return content
    if _OPAQUE_ESCAPE.search(content):
        return None
    return _SIMPLE_ESCAPE.sub(lambda m: _SIMPLE_VALUES.get(m.group(1), m.group(0)), content)


def _str_matters(value: str) -> bool:
    if len(value) >= 200 and is_high_entropy_blob(value) is not None:
        return True
    if any(hint in value for hint in _URL_HINTS) and find_suspicious_urls(value[:100_000]):
        return True
    return len(value) <= 500 and bool(match_paths(value))


def _run_matters(pieces: list[tuple[str, str]]) -> bool:
    """Whether a run of adjacent literals (prefix, raw content) may give a finding."""
    if any("f" in prefix.lower() for prefix, _ in pieces):
        raw = "".join(content for _, content in pieces)
        return (len(raw) >= 200 or any(hint in raw for hint in _URL_HINTS)
                or might_match_paths(raw) or _OPAQUE_ESCAPE.search(raw) is not None)
    values: list[str] = []
    for prefix, content in pieces:
        value = _decoded(content, prefix.lower())
        if value is None:
            return True
        values.append(value)
    if any("b" in prefix.lower() for prefix, _ in pieces):
        value = "".join(values)
        return not value.isascii() or is_high_entropy_bytes(value.encode("ascii")) is not None
    if len(values) == 1:
        return _str_matters(values[0])
    # Adjacent literals may be one constant or several (statements on separate lines):
    # check every piece and the whole run; a long run needs the parser to split it.
    joined = "".join(values)
    if len(values) > _MAX_RUN_PIECES or len(joined) >= 200:
        return True
    return (any(_str_matters(value) for value in values)
            or any(hint in joined for hint in _URL_HINTS) or might_match_paths(joined))


def _prefix_before(text: str, start: int) -> str:
    """The string prefix (`rb`, `f`, ...) written just before the quote at `start`."""
    begin = start
    while begin > start - 2 and begin > 0 and text[begin - 1] in "rRbBuUfF":
        begin -= 1
    if begin > 0 and (text[begin - 1].isalnum() or text[begin - 1] == "_"):
        return ""  # `or"x"`: the letters belong to a keyword or name
    return text[begin:start]


def _literals_may_matter(text: str) -> bool:
    run: list[tuple[str, str]] = []
    run_end = -1
    for match in _LITERAL.finditer(text):
        token = match.group()
        if token[0] == "#":
            continue
        if len(token) == 1:
            return True  # an unterminated literal: let the parser decide
        start, end = match.span()
        quote = 3 if token[:3] in ("'''", '"""') and len(token) >= 6 else 1
        piece = (_prefix_before(text, start), token[quote:-quote])
        if run and _GAP.fullmatch(text, run_end, start - len(piece[0])):
            run.append(piece)
        else:
            if run and _run_matters(run):
                return True
            run = [piece]
        run_end = end
    return bool(run) and _run_matters(run)


def needs_syntax_tree(text: str, lines: list[str]) -> bool:
    """False only when parsing and walking `text` would report nothing.

    `text` is the decoded source and `lines` its lines (as the analyzer splits them);
    install-time files always need the tree and are not the caller's to ask about.
    """
    if any(len(line) > _LONG_LINE for line in lines):
        return True
    if _code_may_matter(text):
        return True
    if may_have_identifier_tricks(text):
        return True  # unparseable files report these differently: keep the parser's verdict
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _literals_may_matter(text)
