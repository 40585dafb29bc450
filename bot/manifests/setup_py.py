"""setup.py, read with `ast` only: the file is never executed.

Requirements count when `setup(...)` (or `setuptools.setup(...)`) receives them as literals:
lists, tuples or sets of strings, a multi-line string, module-level names bound to such
literals, and `+` of those. Anything else (a function call, a comprehension, `open(...)`) is
reported as computed at run time. Groups: install_requires "main", setup_requires "setup",
tests_require "test", extras_require "optional:<extra>" (a `"extra:marker"` key adds the marker;
an empty extra means "main").
"""

from __future__ import annotations

import ast

from packaging.markers import InvalidMarker, Marker
from packaging.utils import canonicalize_name

from bot.manifests._pep508 import dependency_from_requirement
from bot.model import Dependency, FileReader, Manifest, ManifestKind, ParseIssue

__all__ = ["parse"]

_LIST_KEYWORDS = {"install_requires": "main", "setup_requires": "setup", "tests_require": "test"}
# Deeper literal nesting or name chains than this are not worth following.
_MAX_DEPTH = 50

_Items = list[tuple[str, int]]


def parse(text: str, *, path: str, read: FileReader | None = None) -> Manifest:
    try:
        tree = ast.parse(text, filename=path)
    except SyntaxError as exc:
        return _failed(path, exc.lineno, f"not valid Python 3, so not read: {exc.msg}")
    except (ValueError, RecursionError, MemoryError) as exc:  # null bytes, absurd nesting
        return _failed(path, None, f"cannot read setup.py: {type(exc).__name__}")
    reader = _Reader(path, tree)
    try:
        reader.read()
    except RecursionError:
        reader.errors.append(ParseIssue(line=None, message="setup.py is nested too deeply to read"))
    return Manifest(
        path=path,
        kind=ManifestKind.SETUP_PY,
        dependencies=tuple(reader.dependencies),
        errors=tuple(reader.errors),
    )


def _failed(path: str, line: int | None, message: str) -> Manifest:
    issue = ParseIssue(line=line, message=message)
    return Manifest(path=path, kind=ManifestKind.SETUP_PY, errors=(issue,))


class _Reader:
    def __init__(self, path: str, tree: ast.Module) -> None:
        self.path = path
        self.tree = tree
        self.dependencies: list[Dependency] = []
        self.errors: list[ParseIssue] = []
        # Module-level `NAME = <expr>`; the last binding wins, as it would at run time.
        self.constants: dict[str, ast.expr] = {}
        for statement in tree.body:
            if isinstance(statement, ast.Assign):
                for target in statement.targets:
                    if isinstance(target, ast.Name):
                        self.constants[target.id] = statement.value
            elif (
                isinstance(statement, ast.AnnAssign)
                and statement.value is not None
                and isinstance(statement.target, ast.Name)
            ):
                self.constants[statement.target.id] = statement.value
        # `args["install_requires"] = [...]` at module level (scrapy 0.24 did this inside
        # `try: import setuptools ... else:`), for `setup(**args)`.
        self.item_assignments: dict[str, list[tuple[str, ast.expr]]] = {}
        for node in _module_level_statements(tree.body):
            if isinstance(node, ast.Assign):
                for target in node.targets:
                    if (
                        isinstance(target, ast.Subscript)
                        and isinstance(target.value, ast.Name)
                        and isinstance(target.slice, ast.Constant)
                        and isinstance(target.slice.value, str)
                    ):
                        self.item_assignments.setdefault(target.value.id, []).append(
                            (target.slice.value, node.value)
                        )

    def read(self) -> None:
        calls = [node for node in ast.walk(self.tree) if _is_setup_call(node)]
        if not calls:
            self.errors.append(ParseIssue(line=None, message="no setup() call found"))
        for call in calls:
            assert isinstance(call, ast.Call)
            for keyword in call.keywords:
                if keyword.arg is not None:
                    self.keyword(keyword.arg, keyword.value)
                    continue
                unpacked = self.unpacked_keywords(keyword.value)
                if unpacked is None:
                    self.issue(
                        keyword.value,
                        "setup() gets **keyword arguments; capdiff reads setup.py without"
                        " running it, so requirements passed that way are not seen",
                    )
                    continue
                for name, value in unpacked:
                    self.keyword(name, value)

    def keyword(self, name: str, value: ast.expr) -> None:
        if name in _LIST_KEYWORDS:
            self.requirements(name, value, _LIST_KEYWORDS[name])
        elif name == "extras_require":
            self.extras(value)

    def unpacked_keywords(self, node: ast.expr) -> list[tuple[str, ast.expr]] | None:
        """`setup(**args)` where `args` is a literal dict or `dict(...)` (poetry's generated
        setup.py, old scrapy), plus its module-level `args["key"] = ...` assignments."""
        table = self.resolve(node, depth=0, following=frozenset())
        pairs: list[tuple[str, ast.expr]] = []
        if isinstance(table, ast.Dict):
            for key, value in zip(table.keys, table.values, strict=True):
                if not (isinstance(key, ast.Constant) and isinstance(key.value, str)):
                    return None
                pairs.append((key.value, value))
        elif (
            isinstance(table, ast.Call)
            and isinstance(table.func, ast.Name)
            and table.func.id == "dict"
            and not table.args
            and all(keyword.arg is not None for keyword in table.keywords)
        ):
            pairs.extend((str(keyword.arg), keyword.value) for keyword in table.keywords)
        else:
            return None
        if isinstance(node, ast.Name):
            pairs.extend(self.item_assignments.get(node.id, ()))
        return pairs

    def issue(self, node: ast.AST, message: str) -> None:
        self.errors.append(ParseIssue(line=getattr(node, "lineno", None), message=message))

    def computed(self, keyword: str, node: ast.AST) -> None:
        self.issue(
            node, f"{keyword} is computed at run time; capdiff reads setup.py without running it"
        )

    def requirements(
        self, keyword: str, node: ast.expr, group: str, marker: Marker | None = None
    ) -> None:
        items = self.strings(node, depth=0, following=frozenset())
        if items is None:
            self.computed(keyword, node)
            return
        for text, line in items:
            found = dependency_from_requirement(
                text, path=self.path, line=line, group=group, extra_marker=marker
            )
            if isinstance(found, ParseIssue):
                self.errors.append(found)
            else:
                self.dependencies.append(found)

    def extras(self, node: ast.expr) -> None:
        table = self.resolve(node, depth=0, following=frozenset())
        if not isinstance(table, ast.Dict):
            self.computed("extras_require", node)
            return
        for key, value in zip(table.keys, table.values, strict=True):
            if not (isinstance(key, ast.Constant) and isinstance(key.value, str)):
                self.computed("extras_require", value if key is None else key)
                continue
            extra, _, condition = key.value.partition(":")
            marker = None
            if condition.strip():
                try:
                    marker = Marker(condition)
                except InvalidMarker as exc:
                    self.issue(key, f"extras_require key {key.value!r}: invalid marker: {exc}")
                    continue
            extra = extra.strip()
            group = f"optional:{canonicalize_name(extra)}" if extra else "main"
            self.requirements("extras_require", value, group, marker)

    def resolve(self, node: ast.expr, *, depth: int, following: frozenset[str]) -> ast.expr | None:
        """Follow a module-level name to the literal bound to it."""
        while isinstance(node, ast.Name):
            if node.id in following or node.id not in self.constants or depth > _MAX_DEPTH:
                return None
            following = following | {node.id}
            node = self.constants[node.id]
            depth += 1
        return node

    def strings(self, node: ast.expr, *, depth: int, following: frozenset[str]) -> _Items | None:
        """Requirement strings and their lines, or None when only running the code could say."""
        if depth > _MAX_DEPTH:
            return None
        if isinstance(node, ast.Name):
            target = self.resolve(node, depth=depth, following=following)
            if target is None:
                return None
            return self.strings(target, depth=depth + 1, following=following | {node.id})
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            # setuptools accepts one string with a requirement per line.
            return [
                (line.strip(), node.lineno + offset)
                for offset, line in enumerate(node.value.split("\n"))
                if line.strip() and not line.strip().startswith("#")
            ]
        if isinstance(node, ast.List | ast.Tuple | ast.Set):
            found: _Items = []
            for element in node.elts:
                items = self.strings(element, depth=depth + 1, following=following)
                if items is None:
                    return None
                found.extend(items)
            return found
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            left = self.strings(node.left, depth=depth + 1, following=following)
            right = self.strings(node.right, depth=depth + 1, following=following)
            return None if left is None or right is None else left + right
        return None


def _module_level_statements(body: list[ast.stmt]) -> list[ast.stmt]:
    """Statements run at import, including inside if/try/with/for, but not in functions."""
    found: list[ast.stmt] = []
    for statement in body:
        found.append(statement)
        if isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            continue
        for field in ("body", "orelse", "finalbody"):
            inner = getattr(statement, field, None)
            if isinstance(inner, list):
                found.extend(_module_level_statements(inner))
        for handler in getattr(statement, "handlers", ()):
            found.extend(_module_level_statements(handler.body))
    return found


def _is_setup_call(node: ast.AST) -> bool:
    if not isinstance(node, ast.Call):
        return False
    func = node.func
    return (isinstance(func, ast.Name) and func.id == "setup") or (
        isinstance(func, ast.Attribute) and func.attr == "setup"
    )
