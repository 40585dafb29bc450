"""The pre-filter skips the parser only for files where the tree walk finds nothing.

`snippets.analyze` compares every analysis with a full parse; these snippets hide their
signal from a naive word or substring search."""

from __future__ import annotations

import base64
import hashlib

import pytest

from bot.analysis.findings import split_lines
from bot.analysis.prefilter import needs_syntax_tree
from bot.analysis.python_code import decode_source
from tests.analysis.snippets import keys

# A base64 blob cut into 60-character literals, concatenated by the parser.
_BLOB = base64.b64encode(b"".join(hashlib.sha256(bytes([i])).digest() for i in range(40))).decode()
HIDDEN = [
    ("import os\ngetattr(os, 'sys' + 'tem')('id')\n", ("shell", "os.system", "id")),
    ("ｅｘｅｃ(input())\n", ("dynamic-code", "builtins.exec", "")),
    ("URL = ('https://paste'\n       'bin.com/raw/x')\n",
     ("suspicious-url", "url:pastebin.com", "paste site")),
    ("URL = 'https:\\x2f\\x2fpastebin.com/raw/x'\n",
     ("suspicious-url", "url:pastebin.com", "paste site")),
    ("URL = 'https:/\\\n/pastebin.com/raw/x'\n",
     ("suspicious-url", "url:pastebin.com", "paste site")),
    ("name = 'x'\nURL = f'https://pastebin.com/raw/{name}'\n",
     ("suspicious-url", "url:pastebin.com", "paste site")),
    ("p = f'{home}/.ssh/id_rsa'\n", ("sensitive-read", "path:~/.ssh", "")),
    ("import builtins\nbuiltins.__dict__['ex' + 'ec'](input())\n",
     ("dynamic-code", "builtins.exec", "")),
    ("from os import *\nsystem('ls')\n", ("shell", "os.system", "ls")),
    ("BLOB = (\n" + "".join(f"    '{_BLOB[i:i + 60]}'\n" for i in range(0, len(_BLOB), 60))
     + ")\n", ("high-entropy-string", "entropy", "")),
]


@pytest.mark.parametrize(("source", "expected"), HIDDEN)
def test_hidden_signals_are_not_skipped(source: str, expected: tuple[str, str, str]) -> None:
    assert expected in keys(source)


def test_ordinary_module_skips_the_parser() -> None:
    text, _ = decode_source(
        b'"""Helpers. See https://example.org/docs."""\n'
        b"import re\n\n_WORD = re.compile(r'\\w+')  # a comment with 'quotes\n\n\n"
        b"def words(text: str) -> list[str]:\n    return _WORD.findall(text.replace('\\n', ' '))\n"
    )
    assert needs_syntax_tree(text, split_lines(text)) is False


@pytest.mark.parametrize("source", [
    "import os\nos.system('ls')\n",
    "x = '''unterminated\n",
    "x = 1  # " + "y" * 2100 + "\n",
])
def test_risky_or_odd_files_need_the_parser(source: str) -> None:
    assert needs_syntax_tree(source, split_lines(source)) is True


def test_banner_comments_between_literals_stay_linear() -> None:
    # A `####...` banner between two string literals made the gap pattern backtrack
    # exponentially (aiohttp's web_exceptions.py took minutes); possessive now. With the old
    # pattern this test does not finish.
    from bot.analysis.prefilter import needs_syntax_tree

    text = (
        '__all__ = (\n    "A",\n)\n\n\nclass W(UserWarning):\n    """doc"""\n\n\n'
        + ("#" * 60 + "\n# Banner\n" + "#" * 60 + "\n\n") * 3
        + 'class E(Exception):\n    """more"""\n'
    )
    assert needs_syntax_tree(text, text.splitlines()) is False
