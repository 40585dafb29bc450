"""Invisible characters and look-alike identifiers."""

from __future__ import annotations

from tests.analysis.snippets import analyze, rows


def test_bidi_override_anywhere() -> None:
    source = 'access = "user\u202e \u2066# admin only\u2069 \u2066"\nimport os\n'
    assert rows(source) == [
        ("invisible-unicode", "unicode:U+202E", 1,
         "Contains the invisible character U+202E RIGHT-TO-LEFT OVERRIDE, which can make "
         "code read differently than it runs."),
        ("invisible-unicode", "unicode:U+2066", 1,
         "Contains the invisible character U+2066 LEFT-TO-RIGHT ISOLATE, which can make "
         "code read differently than it runs."),
        ("invisible-unicode", "unicode:U+2069", 1,
         "Contains the invisible character U+2069 POP DIRECTIONAL ISOLATE, which can make "
         "code read differently than it runs."),
    ]


def test_zero_width_in_code_but_not_in_comments_or_strings() -> None:
    source = "import os\n# note\u200b\nname = 'a\u200bb'\nx = 1\u200b\n"
    assert [(r[0], r[1], r[2]) for r in rows(source)] == [
        ("invisible-unicode", "unicode:U+200B", 4),
    ]


def test_leading_bom_is_fine_but_not_later() -> None:
    assert rows(b"\xef\xbb\xbfimport os\nx = 1\n") == []
    assert [(r[1], r[2]) for r in rows("import os\nx = 1\ufeff\n")] == [("unicode:U+FEFF", 2)]


def test_identifier_normalizing_to_ascii() -> None:
    source = "\uff45\uff56\uff41\uff4c('1')\n"  # fullwidth "eval"
    assert rows(source) == [
        ("dynamic-code", "builtins.eval", 1, "Runs a constant string as code with eval."),
        ("invisible-unicode", "identifier:eval", 1,
         "The identifier 'ｅｖａｌ' is written with look-alike characters and means 'eval' "
         "to Python."),
    ]


def test_mixed_script_identifier() -> None:
    source = "import os\np\u0430ssword = os.environ['HOME']\n"  # Cyrillic a
    assert [(r[0], r[1], r[2]) for r in rows(source)] == [
        ("invisible-unicode", "identifier:pаssword", 2),
    ]


def test_plain_non_ascii_names_and_text_are_fine() -> None:
    assert rows("import os\ncafé = 'naïve'\nπ = 3.14\nимя = 'Привет'\n") == []


def test_unicode_tricks_survive_fallback() -> None:
    result = analyze("print 'x'\nimport os\u202e\n")
    assert result.parsed is False
    assert [(f.type.value, f.api, f.line) for f in result.findings] == [
        ("invisible-unicode", "unicode:U+202E", 2)
    ]
