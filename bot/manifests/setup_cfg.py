"""setup.cfg: `[options] install_requires` ("main"), `setup_requires` ("setup"),
`tests_require` ("test") and `[options.extras_require]` ("optional:<extra>"); also
`[metadata] requires_dist` / `requires-dist` (older setuptools and pbr), read like
install_requires.

Read with `configparser` (no interpolation, duplicates allowed as setuptools allows them);
line numbers come from a scan of the text that follows configparser's layout rules.
"""

from __future__ import annotations

import configparser
import re

from packaging.utils import canonicalize_name

from bot.manifests._pep508 import dependency_from_requirement
from bot.model import Dependency, FileReader, Manifest, ManifestKind, ParseIssue

__all__ = ["parse"]

_SECTION = re.compile(r"\[(?P<header>.+)\]")
_OPTION = re.compile(r"(?P<option>.*?)\s*[=:]\s*(?P<value>.*)$")
_OPTIONS_GROUPS = {"install_requires": "main", "setup_requires": "setup", "tests_require": "test"}


def parse(text: str, *, path: str, read: FileReader | None = None) -> Manifest:
    config = configparser.ConfigParser(interpolation=None, strict=False)
    errors: list[ParseIssue] = []
    try:
        config.read_string(text, source=path)
    except configparser.MissingSectionHeaderError as exc:
        issue = ParseIssue(
            line=exc.lineno, message="not an INI file: text before the first [section]"
        )
        return Manifest(path=path, kind=ManifestKind.SETUP_CFG, errors=(issue,))
    except configparser.ParsingError as exc:
        # configparser keeps everything it could read; report the lines it could not.
        text_lines = text.split("\n")  # configparser counts "\n"-separated lines
        errors.extend(
            ParseIssue(line=lineno, message=f"cannot read line {text_lines[lineno - 1].strip()!r}")
            for lineno, _ in exc.errors
            if 0 < lineno <= len(text_lines)
        )
    except configparser.Error as exc:
        return Manifest(
            path=path,
            kind=ManifestKind.SETUP_CFG,
            errors=(ParseIssue(line=None, message=f"cannot read setup.cfg: {exc.message}"),),
        )
    lines = _value_lines(text, config)
    dependencies: list[Dependency] = []

    def read_option(section: str, option: str, group: str) -> None:
        value = config.get(section, option)
        where = lines.get((section, option), [])
        if value.strip().startswith("file:"):
            errors.append(
                ParseIssue(
                    line=where[0][0] if where else None,
                    message=f"{option} = {value.strip()} reads another file;"
                    " capdiff does not follow it",
                )
            )
            return
        cursor = 0
        for raw in value.splitlines():
            item = raw.split(" #", 1)[0].strip()
            if not item or item.startswith(("#", ";")):
                continue
            line = None
            for i in range(cursor, len(where)):
                if where[i][1] == raw.strip():
                    line, cursor = where[i][0], i + 1
                    break
            found = dependency_from_requirement(item, path=path, line=line, group=group)
            if isinstance(found, ParseIssue):
                errors.append(found)
            else:
                dependencies.append(found)

    if config.has_section("options"):
        for option, group in _OPTIONS_GROUPS.items():
            if config.has_option("options", option):
                read_option("options", option, group)
    if config.has_section("metadata"):
        for option in ("requires_dist", "requires-dist"):
            if config.has_option("metadata", option):
                read_option("metadata", option, "main")
    if config.has_section("options.extras_require"):
        for extra in config.options("options.extras_require"):
            group = f"optional:{canonicalize_name(extra)}"
            read_option("options.extras_require", extra, group)
    return Manifest(
        path=path,
        kind=ManifestKind.SETUP_CFG,
        dependencies=tuple(dependencies),
        errors=tuple(errors),
    )


def _value_lines(
    text: str, config: configparser.ConfigParser
) -> dict[tuple[str, str], list[tuple[int, str]]]:
    """(section, option) -> [(line number, stripped text)] of every line of the value.

    Follows configparser: headers and options start at column 0, indented lines continue the
    current value, comment lines are skipped; a repeated option replaces the earlier one.
    """
    found: dict[tuple[str, str], list[tuple[int, str]]] = {}
    section: str | None = None
    current: list[tuple[int, str]] | None = None
    for number, raw in enumerate(text.split("\n"), start=1):
        stripped = raw.strip()
        if not stripped or stripped.startswith(("#", ";")):
            continue
        if raw[0] in " \t":
            if current is not None:
                current.append((number, stripped))
            continue
        header = _SECTION.match(stripped)
        if header:
            section, current = header.group("header"), None
            continue
        option = _OPTION.match(stripped)
        if option is None or section is None:
            current = None
            continue
        current = []
        found[(section, config.optionxform(option.group("option").strip()))] = current
        if option.group("value"):
            current.append((number, option.group("value")))
    return found
