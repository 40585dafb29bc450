"""Reading a repository's policy file (`.github/capdiff.yml`) into a `Policy`.

Apart from `bot.policy` so that only what reads a policy file loads PyYAML: a command that
uses the built-in defaults (a warm `capdiff compare`) does not. Call `bot.policy.load_policy`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType

import yaml
from packaging.specifiers import InvalidSpecifier, SpecifierSet

from bot.errors import PolicyError
from bot.model import Action, AlertType, canonicalize_name, parse_alert_type
from bot.policy import (
    DEFAULT_ACTIONS,
    DEFAULT_POLICY_PATH,
    MAX_POLICY_BYTES,
    CommentMode,
    IgnoreRule,
    Policy,
)

__all__ = ["read_policy_file"]

_NAME = re.compile(r"^([A-Z0-9]|[A-Z0-9][A-Z0-9._-]*[A-Z0-9])$", re.IGNORECASE)
_TOP_LEVEL_KEYS = ("alerts", "ignore", "paths", "drafts", "comment", "reputation")
_REPUTATION = {"on": True, "off": False}
_IGNORE_KEYS = ("package", "version", "alerts", "until", "reason")
_PATHS_KEYS = ("include", "exclude")
_DRAFTS = {"skip": False, "analyze": True}
_MAX_NODES = 20_000
_MAX_DEPTH = 32
_STR = "tag:yaml.org,2002:str"
_SCALAR_TAGS_AS_TEXT = {
    _STR,
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:timestamp",
}


class _NoAliasLoader(yaml.SafeLoader):
    """SafeLoader that refuses aliases (billion-laughs documents) and caps nodes and depth."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._nodes = 0
        self._depth = 0

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        if self.check_event(yaml.AliasEvent):
            mark = self.peek_event().start_mark  # type: ignore[no-untyped-call]
            raise yaml.composer.ComposerError(
                None, None, "aliases (*name) are not allowed in a policy file", mark
            )
        self._nodes += 1
        if self._nodes > _MAX_NODES:
            mark = self.peek_event().start_mark  # type: ignore[no-untyped-call]
            raise yaml.composer.ComposerError(
                None, None, f"more than {_MAX_NODES} YAML nodes", mark
            )
        # The composer recurses once per nesting level: stop long before Python's limit.
        if self._depth >= _MAX_DEPTH:
            mark = self.peek_event().start_mark  # type: ignore[no-untyped-call]
            raise yaml.composer.ComposerError(
                None, None, f"nested deeper than {_MAX_DEPTH} levels", mark
            )
        self._depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


@dataclass(frozen=True, slots=True)
class _Reader:
    """Turns YAML nodes into values, raising `PolicyError` that names the key and line."""

    path: str

    def fail(self, node: yaml.Node | None, key: str, message: str) -> PolicyError:
        line = None if node is None else node.start_mark.line + 1
        return PolicyError(self.path, line, key, message)

    def mapping(
        self, node: yaml.Node, key: str, allowed: Sequence[str]
    ) -> Iterator[tuple[str, yaml.Node, yaml.Node]]:
        """Yield (name, key node, value node) of a mapping with only `allowed` string keys."""
        if not isinstance(node, yaml.MappingNode):
            raise self.fail(node, key, f"expected a mapping, got {_describe(node)}")
        seen: set[str] = set()
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag != _STR:
                name = key_node.value if isinstance(key_node, yaml.ScalarNode) else "?"
                raise self.fail(key_node, _join(key, str(name)), "keys must be strings")
            name = key_node.value
            dotted = _join(key, name)
            if name in seen:
                raise self.fail(key_node, dotted, "duplicate key")
            seen.add(name)
            if allowed and name not in allowed:
                raise self.fail(
                    key_node, dotted, f"unknown key; expected one of: {', '.join(allowed)}"
                )
            yield name, key_node, value_node

    def text(self, node: yaml.Node, key: str, *, loose: bool = False) -> str:
        """A scalar's text. `loose` also accepts numbers and dates written without quotes."""
        tags = _SCALAR_TAGS_AS_TEXT if loose else {_STR}
        if not isinstance(node, yaml.ScalarNode) or node.tag not in tags:
            raise self.fail(node, key, f"expected a string, got {_describe(node)}")
        return str(node.value)

    def choice(self, node: yaml.Node, key: str, choices: Sequence[str]) -> str:
        value = self.text(node, key) if _is_text(node) else None
        if value is None or value not in choices:
            shown = _describe(node) if value is None else repr(value)
            raise self.fail(node, key, f"expected one of: {', '.join(choices)}; got {shown}")
        return value

    def strings(self, node: yaml.Node, key: str) -> list[tuple[str, yaml.Node]]:
        """A list of strings (a single string counts as a one-item list)."""
        if _is_text(node):
            return [(self.text(node, key), node)]
        if not isinstance(node, yaml.SequenceNode):
            raise self.fail(node, key, f"expected a list of strings, got {_describe(node)}")
        return [(self.text(item, f"{key}[{index}]"), item) for index, item in enumerate(node.value)]

    def alert_type(self, node: yaml.Node, key: str) -> AlertType:
        """An alert type by name; `install-network` (deprecated) means `install-process`."""
        name = self.text(node, key)
        try:
            return parse_alert_type(name)
        except ValueError:
            raise self.fail(
                node, key, f"unknown alert type {name!r} (see ALERTS.md for the list)"
            ) from None


def _is_text(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.tag == _STR


def _join(prefix: str, name: str) -> str:
    return name if not prefix else f"{prefix}.{name}"


def _describe(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    tag = str(node.tag)
    kind = tag.removeprefix("tag:yaml.org,2002:")
    return {
        "str": "a string",
        "int": "a number",
        "float": "a number",
        "bool": "a boolean",
        "null": "nothing (null)",
        "timestamp": "a date",
    }.get(kind, f"a value tagged {tag}")


def read_policy_file(
    text: str, *, path: str = DEFAULT_POLICY_PATH, ref: str | None = None
) -> Policy:
    """`bot.policy.load_policy`, which documents the schema."""
    source = path if ref is None else f"{path}@{ref}"
    if len(text.encode("utf-8", errors="surrogatepass")) > MAX_POLICY_BYTES:
        raise PolicyError(path, None, "(file)", f"larger than {MAX_POLICY_BYTES // 1024} KB")
    reader = _Reader(path)
    try:
        loader = _NoAliasLoader(text)
        try:
            root = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = None if mark is None else mark.line + 1
        message = " ".join(part for part in (error.context, error.problem) if part)
        raise PolicyError(path, line, "(file)", f"invalid YAML: {message}") from error
    except yaml.YAMLError as error:
        raise PolicyError(path, None, "(file)", f"invalid YAML: {error}") from error
    if root is None or (isinstance(root, yaml.ScalarNode) and root.tag.endswith(":null")):
        return Policy(source=source)
    if not isinstance(root, yaml.MappingNode):
        raise reader.fail(root, "(file)", f"expected a mapping at the top, got {_describe(root)}")

    actions = dict(DEFAULT_ACTIONS)
    explicit: set[AlertType] = set()
    ignores: list[IgnoreRule] = []
    include: list[str] = []
    exclude: list[str] = []
    analyze_drafts = False
    use_reputation = True
    comment_mode = CommentMode.ON_ALERT
    for name, _, value in reader.mapping(root, "", _TOP_LEVEL_KEYS):
        if name == "alerts":
            if isinstance(value, yaml.ScalarNode) and value.tag.endswith(":null"):
                continue
            for type_name, type_node, action_node in reader.mapping(value, "alerts", ()):
                key = f"alerts.{type_name}"
                alert_type = reader.alert_type(type_node, key)
                action = Action(reader.choice(action_node, key, [a.value for a in Action]))
                if alert_type in explicit:
                    raise reader.fail(
                        type_node, key, f"{alert_type.value} is already set (install-network "
                        "is the deprecated name of install-process)"
                    )
                actions[alert_type] = action
                explicit.add(alert_type)
        elif name == "ignore":
            if isinstance(value, yaml.ScalarNode) and value.tag.endswith(":null"):
                continue
            if not isinstance(value, yaml.SequenceNode):
                raise reader.fail(value, "ignore", f"expected a list, got {_describe(value)}")
            for index, item in enumerate(value.value):
                ignores.append(_ignore_rule(reader, item, f"ignore[{index}]", path))
        elif name == "paths":
            for kind, _, patterns in reader.mapping(value, "paths", _PATHS_KEYS):
                target = include if kind == "include" else exclude
                for pattern, node in reader.strings(patterns, f"paths.{kind}"):
                    if not pattern.strip():
                        raise reader.fail(node, f"paths.{kind}", "empty pattern")
                    target.append(pattern.strip())
        elif name == "drafts":
            analyze_drafts = _DRAFTS[reader.choice(value, "drafts", list(_DRAFTS))]
        elif name == "reputation":
            # YAML 1.1 reads a bare on/off (or true/false) as a boolean: take it as meant.
            if isinstance(value, yaml.ScalarNode) and value.tag.endswith(":bool"):
                use_reputation = value.value.lower() in {"on", "true", "yes", "y"}
            else:
                use_reputation = _REPUTATION[
                    reader.choice(value, "reputation", list(_REPUTATION))
                ]
        else:
            mode = reader.choice(value, "comment", [m.value for m in CommentMode])
            comment_mode = CommentMode(mode)
    return Policy(
        actions=MappingProxyType(actions),
        ignores=tuple(ignores),
        include_paths=tuple(include),
        exclude_paths=tuple(exclude),
        analyze_drafts=analyze_drafts,
        comment_mode=comment_mode,
        source=source,
        explicit_actions=frozenset(explicit),
        use_reputation=use_reputation,
    )


def _ignore_rule(reader: _Reader, node: yaml.Node, key: str, path: str) -> IgnoreRule:
    fields = {name: value for name, _, value in reader.mapping(node, key, _IGNORE_KEYS)}
    if "package" not in fields:
        raise reader.fail(node, f"{key}.package", "missing; name the package to accept")
    package_node = fields["package"]
    package = reader.text(package_node, f"{key}.package")
    if not _NAME.match(package):
        raise reader.fail(package_node, f"{key}.package", f"not a valid package name: {package!r}")
    specifier = SpecifierSet()
    if "version" in fields:
        specifier = _specifier(reader, fields["version"], f"{key}.version")
    types: set[AlertType] = set()
    if "alerts" in fields:
        for index, (_, item) in enumerate(reader.strings(fields["alerts"], f"{key}.alerts")):
            types.add(reader.alert_type(item, f"{key}.alerts[{index}]"))
    expires = None
    if "until" in fields:
        until = fields["until"]
        raw = reader.text(until, f"{key}.until", loose=True)
        try:
            expires = date.fromisoformat(raw.strip())
        except ValueError:
            raise reader.fail(until, f"{key}.until", f"not a date (YYYY-MM-DD): {raw!r}") from None
    reason = reader.text(fields["reason"], f"{key}.reason") if "reason" in fields else ""
    return IgnoreRule(
        name=canonicalize_name(package),
        specifier=specifier,
        types=frozenset(types),
        expires=expires,
        reason=reason,
        origin=f"{path}:{node.start_mark.line + 1}",
    )


def _specifier(reader: _Reader, node: yaml.Node, key: str) -> SpecifierSet:
    raw = reader.text(node, key, loose=True).strip()
    # A bare version ("2.32.3", "2.*") means exactly that version.
    candidate = f"=={raw}" if raw and raw[0].isalnum() else raw
    try:
        return SpecifierSet(candidate)
    except InvalidSpecifier:
        raise reader.fail(node, key, f"not a version or specifier: {raw!r}") from None
