"""Comment commands: `@capdiff ignore NAME@VERSION [TYPE...]`, `@capdiff ignore-all`,
`@capdiff rerun`.

Parsing is pure. Text inside code blocks, inline code and quoted lines is not a command,
so quoting someone's command does not run it again. Several commands per comment are fine.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

from bot.model import AlertType, parse_alert_type

__all__ = [
    "IgnoreAllCommand",
    "IgnoreCommand",
    "InvalidCommand",
    "RerunCommand",
    "encode_commands",
    "parse_commands",
]

_FENCE = re.compile(r"^\s*(```|~~~).*?^\s*\1[^\n]*$", re.MULTILINE | re.DOTALL)
_INLINE_CODE = re.compile(r"`[^`\n]*`")
_NAME = re.compile(r"^[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?$")


@dataclass(frozen=True, slots=True, kw_only=True)
class IgnoreCommand:
    package: str  # normalized
    version: str
    types: tuple[AlertType, ...]  # empty: every type

    def text(self) -> str:
        return " ".join(["ignore", f"{self.package}@{self.version}", *self.types])


@dataclass(frozen=True, slots=True, kw_only=True)
class IgnoreAllCommand:
    def text(self) -> str:
        return "ignore-all"


@dataclass(frozen=True, slots=True, kw_only=True)
class RerunCommand:
    def text(self) -> str:
        return "rerun"


@dataclass(frozen=True, slots=True, kw_only=True)
class InvalidCommand:
    reason: str

    def text(self) -> str:
        return f"invalid {self.reason}"


Command = IgnoreCommand | IgnoreAllCommand | RerunCommand | InvalidCommand


def _visible_text(body: str) -> str:
    body = _FENCE.sub("", body.replace("\r\n", "\n"))
    lines = [line for line in body.split("\n") if not line.lstrip().startswith(">")]
    return _INLINE_CODE.sub("", "\n".join(lines))


def parse_commands(body: str, *, bot_name: str = "capdiff") -> tuple[Command, ...]:
    """Every command addressed to `@bot_name` in a comment, in order."""
    mention = re.compile(rf"(?<![\w@/])@{re.escape(bot_name)}(?![\w-])(.*)$", re.IGNORECASE)
    commands: list[Command] = []
    for line in _visible_text(body).split("\n"):
        match = mention.search(line)
        if match is not None:
            commands.append(_parse_one(match.group(1).split()))
    return tuple(commands)


def _quote(word: str) -> str:
    """User text echoed in a reply: a code span it cannot break out of, kept short."""
    cleaned = word.replace("`", "'")[:60]
    return f"`{cleaned}`"


def _parse_one(words: list[str]) -> Command:
    if not words:
        return InvalidCommand(reason="no command after the mention (try `ignore NAME@VERSION`)")
    verb, args = words[0].lower(), words[1:]
    if verb == "rerun":
        return RerunCommand() if not args else InvalidCommand(reason="`rerun` takes no arguments")
    if verb == "ignore-all":
        if args:
            return InvalidCommand(reason="`ignore-all` takes no arguments")
        return IgnoreAllCommand()
    if verb != "ignore":
        return InvalidCommand(reason=f"unknown command {_quote(verb)} (ignore, ignore-all, rerun)")
    if not args:
        return InvalidCommand(reason="`ignore` needs NAME@VERSION")
    name, sep, version = args[0].partition("@")
    if not sep or not _NAME.match(name) or not version:
        return InvalidCommand(reason=f"expected NAME@VERSION, got {_quote(args[0])}")
    try:
        Version(version)
    except InvalidVersion:
        return InvalidCommand(reason=f"{_quote(version)} is not a valid version")
    types: list[AlertType] = []
    for word in args[1:]:
        try:
            # `install-network` (deprecated) means `install-process`.
            types.append(parse_alert_type(word.lower()))
        except ValueError:
            return InvalidCommand(reason=f"unknown alert type {_quote(word)}")
    return IgnoreCommand(package=canonicalize_name(name), version=version, types=tuple(types))


def encode_commands(commands: tuple[Command, ...]) -> str:
    """One command per line, in the canonical text form (stored in a job)."""
    return "\n".join(command.text() for command in commands)
