"""Resolve names in analyzed code to fully-qualified API names, without importing anything.

Handles `import a.b as c`, `from a import b as c`, star imports of modules the taxonomy
knows, `__import__('os')`, `importlib.import_module('socket')`, `getattr(os, 'sys'+'tem')`,
attribute chains and simple local aliasing (`f = os.system`). Scopes are lexical and
flow-insensitive within a statement order: a later rebinding replaces an earlier one.
"""

from __future__ import annotations

import ast
import functools

from bot.analysis.folding import fold_string
from bot.analysis.taxonomy import load_taxonomy

__all__ = ["BUILTIN_NAMES", "Scopes", "star_exports"]

# Builtins that matter to the detectors; any other bare name resolves to None.
BUILTIN_NAMES = frozenset(
    {
        "eval",
        "exec",
        "compile",
        "execfile",
        "__import__",
        "open",
        "getattr",
        "chr",
        "dict",
        "list",
        "tuple",
        "set",
        "str",
        "repr",
        "bytes",
        "print",
        "len",
        "globals",
        "locals",
        "vars",
    }
)


@functools.cache
def star_exports(module: str) -> dict[str, str]:
    """Names `from <module> import *` brings in that the taxonomy knows about."""
    prefix = module + "."
    names: dict[str, str] = {}
    for api in load_taxonomy():
        if api.startswith(prefix):
            first = api[len(prefix) :].split(".")[0]
            names[first] = prefix + first
    return names


class Scopes:
    """A stack of name -> qualified-name tables; None marks a local that shadows."""

    def __init__(self) -> None:
        self._stack: list[dict[str, str | None]] = [{}]
        # Names bound to constant strings, per scope (`URL = "https://..."`).
        self._constants: list[dict[str, str]] = [{}]

    def push(self, shadowed: list[str] | None = None) -> None:
        self._stack.append(dict.fromkeys(shadowed or [], None))
        self._constants.append({})

    def pop(self) -> None:
        self._stack.pop()
        self._constants.pop()

    def bind(self, name: str, qualified: str | None) -> None:
        self._stack[-1][name] = qualified
        self._constants[-1].pop(name, None)

    def bind_constant(self, name: str, value: str) -> None:
        self._stack[-1][name] = None
        self._constants[-1][name] = value

    def constant(self, name: str) -> str | None:
        for table, constants in zip(reversed(self._stack), reversed(self._constants),
                                    strict=True):
            if name in constants:
                return constants[name]
            if name in table:
                return None
        return None

    def fold(self, node: ast.expr) -> str | None:
        """The constant string `node` evaluates to, if it is built from constants."""
        return fold_string(node, self.resolve, constants=self.constant)

    def lookup(self, name: str) -> str | None:
        for table in reversed(self._stack):
            if name in table:
                return table[name]
        if name == "__builtins__":
            return "builtins"
        return "builtins." + name if name in BUILTIN_NAMES else None

    def bind_import(self, node: ast.Import | ast.ImportFrom) -> None:
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname:
                    self.bind(alias.asname, alias.name)
                else:
                    root = alias.name.split(".")[0]
                    self.bind(root, root)
            return
        if node.level or not node.module:
            # Relative imports name the package's own modules: shadow, never resolve.
            for alias in node.names:
                if alias.name != "*":
                    self.bind(alias.asname or alias.name, None)
            return
        for alias in node.names:
            if alias.name == "*":
                for name, qualified in star_exports(node.module).items():
                    self.bind(name, qualified)
            else:
                self.bind(alias.asname or alias.name, f"{node.module}.{alias.name}")

    def resolve(self, node: ast.expr) -> str | None:
        """The fully-qualified name `node` refers to; call results end in `()`."""
        return self._resolve(node, 0)

    def _resolve(self, node: ast.expr, depth: int) -> str | None:
        if depth > 30:
            return None
        if isinstance(node, ast.Name):
            return self.lookup(node.id)
        if isinstance(node, ast.Attribute):
            base = self._resolve(node.value, depth + 1)
            return None if base is None else f"{base}.{node.attr}"
        if isinstance(node, ast.Call):
            return self._resolve_call(node, depth + 1)
        if isinstance(node, ast.Subscript):
            # __builtins__['exec'], builtins.__dict__['eval'], vars(builtins)['exec']
            base = self._resolve(node.value, depth + 1)
            if base in {"builtins", "builtins.__dict__", "builtins.vars()"}:
                key = self.fold(node.slice)
                if key is not None and key.isidentifier():
                    return f"builtins.{key}"
        return None

    def _resolve_call(self, node: ast.Call, depth: int) -> str | None:
        func = self._resolve(node.func, depth)
        if func is None:
            return None
        if func in {"builtins.__import__", "importlib.import_module"} and node.args:
            name = self.fold(node.args[0])
            if name is None or (node.keywords and func == "builtins.__import__"):
                return None
            # __import__('os.path') returns `os`; import_module('os.path') returns os.path.
            return name.split(".")[0] if func == "builtins.__import__" else name
        if func == "builtins.vars" and len(node.args) == 1:
            inner = self._resolve(node.args[0], depth)
            return "builtins.vars()" if inner == "builtins" else None
        if func == "builtins.getattr" and len(node.args) >= 2:
            base = self._resolve(node.args[0], depth)
            attr = self.fold(node.args[1])
            if base is None or attr is None or not attr.isidentifier():
                return None
            return f"{base}.{attr}"
        return func + "()"
