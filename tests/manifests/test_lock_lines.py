from __future__ import annotations

from bot.manifests._lock_lines import array_table_lines, json_object_key_lines


def test_headers_in_order_with_spacing_quotes_and_comments() -> None:
    text = """\
version = 1
[[package]]
name = "a"
  [[ package ]]  # indented, spaced, commented
[["package"]]
[[package.wheels]]
[[packages]]
[package]
x = "[[package]]"
[[package]]
"""
    assert array_table_lines(text, "package") == [2, 4, 5, 10]
    assert array_table_lines(text, "packages") == [7]


def test_headers_inside_multiline_strings_are_skipped() -> None:
    text = '''\
a = """
[[package]]
"""
b = \'\'\'
[[package]]
\'\'\'
c = '"""'
[[package]]
d = """ends with quotes""""
[[package]]
e = "\\"\\"\\""
[[package]]
# comment with """
[[package]]
'''
    assert array_table_lines(text, "package") == [8, 10, 12, 14]


def test_crlf_line_endings() -> None:
    text = 'version = 1\r\n[[package]]\r\nname = "a"\r\n[[package]] # c\r\nname = "b"\r\n'
    assert array_table_lines(text, "package") == [2, 4]
    assert array_table_lines(text.replace("version", 'x = """\r\n"""\r\nversion'), "package") == [
        4,
        6,
    ]


def test_json_keys_by_depth_with_duplicates_and_strings() -> None:
    text = """\
{
  "_meta": {"default": {"a": {}}},
  "default": {
    "a": {"markers": "\\"b\\": {"},
    "b": {"a": {}},
    "c": []
  },
  "develop": {"a": {}}, "develop": {"z": {},
    "a": {}}
}"""
    assert json_object_key_lines(
        text, [("default", ["a", "b", "c", "missing"]), ("develop", ["a", "z"]), ("nope", ["a"])]
    ) == [[4, 5, None, None], [9, 8], [None]]


def test_large_input() -> None:
    text = "".join(
        f'[[package]]\nname = "p{i}"\nwheels = [{{ hash = "x" }}]\n' for i in range(50_000)
    )
    lines = array_table_lines(text, "package")
    assert len(lines) == 50_000
    assert lines[-1] == 3 * 49_999 + 1
