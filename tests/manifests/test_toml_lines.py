from __future__ import annotations

from bot.manifests._toml_lines import TomlLineIndex

DOC = '''# comment
[project]
name = "demo"
dependencies = [
  "a>=1",  # a comment with ] and "quotes"
  'b',
  """c""",
  "d; python_version < '3.9'", "e",
]
optional-dependencies.socks = ["pysocks"]

[[tool.poetry.source]]
name = "first"
url = "https://one.example/simple"

[[tool.poetry.source]]
url = "https://two.example/simple"

[tool.poetry.dependencies]
"quoted.name" = {version = "^1", extras = ["x"]}
multi = """
line
"""
after = "1"
'''


def test_keys_array_items_and_tables() -> None:
    index = TomlLineIndex(DOC)
    assert index.line_of(("project",)) == 2
    assert index.line_of(("project", "dependencies")) == 4
    assert [index.line_of(("project", "dependencies"), item_index=i) for i in range(6)] == [
        5, 6, 7, 8, 8, None
    ]
    assert index.line_of(("project", "optional-dependencies", "socks"), item_index=0) == 10


def test_array_of_tables_use_integer_indices() -> None:
    index = TomlLineIndex(DOC)
    assert index.line_of(("tool", "poetry", "source", 0)) == 12
    assert index.line_of(("tool", "poetry", "source", 0, "url")) == 14
    assert index.line_of(("tool", "poetry", "source", 1, "url")) == 17


def test_quoted_keys_inline_tables_and_multiline_strings() -> None:
    index = TomlLineIndex(DOC)
    assert index.line_of(("tool", "poetry", "dependencies", "quoted.name")) == 20
    assert index.line_of(("tool", "poetry", "dependencies", "quoted.name", "extras", 0)) == 20
    assert index.line_of(("tool", "poetry", "dependencies", "after")) == 24


def test_dotted_top_level_keys() -> None:
    index = TomlLineIndex('project.dependencies = [\n  "x",\n]\n[a . "b.c"]\nk = 1\n')
    assert index.line_of(("project", "dependencies"), 0) == 2
    assert index.line_of(("a", "b.c", "k")) == 5


def test_escapes_in_strings_do_not_derail() -> None:
    index = TomlLineIndex('a = "x\\"]\\u0041"\nb = [\'\\\', "y"]\nc = 1\n')
    assert index.line_of(("c",)) == 3
    assert index.line_of(("b",), 1) == 2


def test_unknown_paths_and_garbage_give_none() -> None:
    assert TomlLineIndex(DOC).line_of(("nope",)) is None
    for garbage in ["[[[", "= = =", '"unterminated', "a = [1, [2, {", "}", "\\u", ""]:
        assert TomlLineIndex(garbage).line_of(("a",), 0) in (None, 1)


def test_deep_nesting_does_not_crash() -> None:
    index = TomlLineIndex("a = " + "[" * 50_000 + "]" * 50_000 + "\nb = 1\n")
    assert index.line_of(("a",)) == 1


def test_stray_punctuation_in_arrays_terminates() -> None:
    # Regression: a token that is not a value inside an array used to loop forever.
    for text in ["a = [=]\n", "a = [}\n", "a = [ = = ]\nb = 1\n"]:
        assert TomlLineIndex(text).line_of(("a",)) == 1
