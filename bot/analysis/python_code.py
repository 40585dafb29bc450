"""Static analysis of one Python file: `analyze_python(file) -> FileAnalysis`.

The file is decoded (PEP 263), pre-filtered (`bot.analysis.prefilter`: files that
cannot have a tree-walk finding skip the parser), parsed with `ast.parse`
and walked once; nothing in it is compiled, imported or run. Files that do not parse get
the regex pass in `bot.analysis.fallback`.

Diff keys (`Finding.key` = type, api, normalized) are deliberately coarse so that moved or
reformatted code keeps its key and only a new capability or a new target is "new":
- capability calls: api = the resolved API; normalized = the command word for process
  starts (`git`, `curl`, `*` when computed), the URL host for network calls, else "".
- env reads: api = `os.environ[NAME]`; whole-environment dumps: api `os.environ`.
- URLs: api = `url:<host>`; sensitive paths: api = `path:<label>`; normalized = category.
- obfuscated exec: normalized = the decoders in the chain (`base64.b64decode+zlib.decompress`).

Role mapping: in INSTALL_TIME files network and shell findings become INSTALL_NETWORK
(CRITICAL) and each call into a non-packaging module adds one INSTALL_SCRIPT per API;
cmdclass overrides with a custom `run` are INSTALL_SCRIPT. In PACKAGE_INIT files network,
shell and file-write findings in code that runs at import (module level, including
if/try/with/for blocks and class bodies, which Python runs at import too) add an
IMPORT_TIME_SIDE_EFFECT finding with the same api.
"""

from __future__ import annotations

import ast
import dataclasses
import io
import re
import tokenize
from collections.abc import Callable

from bot.analysis.fallback import imports_risky_module, scan_common, scan_text
from bot.analysis.findings import FindingSink, split_lines
from bot.analysis.imports import Scopes
from bot.analysis.obfuscation import DECODER_APIS, is_high_entropy_blob, is_high_entropy_bytes
from bot.analysis.prefilter import needs_syntax_tree
from bot.analysis.sensitive import is_secret_env_name, match_paths
from bot.analysis.taxonomy import Capability, lookup
from bot.analysis.threats import MAX_NESTING, find_threats, may_hold_threat
from bot.analysis.types import FileAnalysis, FileRole, SourceFile
from bot.analysis.urls import find_suspicious_urls
from bot.model import AlertType, Severity

__all__ = ["MAX_PARSE_BYTES", "analyze_python", "decode_source"]

MAX_PARSE_BYTES = 5 * 1024 * 1024
_LONG_LINE = 2000
_MAX_PATH_LITERAL = 500


_BENIGN_INSTALL_ROOTS = frozenset(
    {"setuptools", "distutils", "builtins", "re", "io", "codecs", "glob", "fnmatch",
     "pathlib", "sys", "platform", "warnings", "textwrap", "string", "json", "configparser",
     "ast", "packaging", "pkg_resources", "Cython", "numpy", "pybind11", "versioneer",
     "setuptools_scm", "sysconfig", "site", "tomllib", "tomli", "functools", "itertools",
     "collections", "typing", "os.path", "os.environ", "os.getenv", "os.getcwd",
     "os.listdir", "os.walk", "os.sep", "os.name", "os.pathsep", "os.linesep", "os.curdir",
     "os.chdir", "os.scandir", "distutils.core", "wheel", "logging", "shlex", "datetime",
     "time", "subprocess.DEVNULL", "subprocess.PIPE", "setuptools_rust", "cffi", "skbuild",
     "torch.utils.cpp_extension", "mypyc", "hatchling", "enum", "dataclasses", "errno"}
)
_CMDCLASS_BASES = frozenset(
    {"install", "develop", "egg_info", "build", "build_py", "bdist_egg", "sdist", "bdist_wheel",
     "install_lib", "install_scripts", "easy_install", "build_scripts"}
)
# Programs that register scheduled tasks, services or start-up entries.
_PERSISTENCE_COMMANDS = frozenset({"schtasks", "schtasks.exe", "crontab", "launchctl",
                                   "systemctl", "at", "sc", "sc.exe", "reg", "reg.exe"})
_WRITE_MODE = re.compile(r"[wax+]")
_OPENERS = frozenset({"builtins.open", "io.open", "codecs.open"})
_ENV_GETTERS = frozenset({"os.getenv", "os.environ.get", "os.getenvb", "os.environ.pop",
                          "os.environ.setdefault", "os.environ.__getitem__"})
_ENV_DUMPERS = frozenset({"builtins.dict", "builtins.list", "builtins.tuple", "builtins.set",
                          "builtins.str", "builtins.repr", "json.dumps", "json.dump",
                          "pickle.dumps", "builtins.print"})
_CODE_RUNNERS = frozenset({"builtins.exec", "builtins.eval", "builtins.compile",
                           "builtins.execfile"})
_IMPORT_SIDE_EFFECT_TYPES = {
    AlertType.NETWORK: Severity.HIGH,
    AlertType.SHELL: Severity.HIGH,
    AlertType.FILESYSTEM_WRITE: Severity.MEDIUM,
}
# Without one of these in the file no decode chain can exist: skip taint tracking.
_DECODER_HINTS = (b"b64decode", b"b32decode", b"b85decode", b"a85decode", b"b16decode",
                  b"decodebytes", b"decodestring", b"decompress", b"fromhex", b"unhexlify",
                  b"a2b_", b"marshal", b"chr(", b"codecs", b"::-1]", b"pickle", b"getdecoder",
                  b"bytes(")
_RUNNER_HINTS = (b"exec", b"eval", b"compile")
_OBFUSCATED_NAME = re.compile(r"^(?:_{3,}|_*[lI1]{6,}|_*[O0]{6,}|_+[0-9a-f]{10,})$")
# Every threat ends in one of these capabilities (or reads a store): without one in the
# file, the threat pass has nothing to find and is skipped.
_SINK_TYPES = frozenset({AlertType.NETWORK, AlertType.SHELL, AlertType.DYNAMIC_CODE,
                         AlertType.OBFUSCATED_EXEC, AlertType.FILESYSTEM_WRITE,
                         AlertType.SYSTEM_HOOKS, AlertType.NATIVE_CODE, AlertType.SENSITIVE_READ,
                         AlertType.INSTALL_PROCESS, AlertType.INSTALL_TIME_PAYLOAD})


def decode_source(data: bytes) -> tuple[str, str | None]:
    """Text of a Python file and a note when it needed replacement characters."""
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    except SyntaxError:
        encoding = "utf-8"
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return data.decode("utf-8", errors="replace"), "undecodable bytes were replaced"
    return text.removeprefix("\ufeff") if encoding == "utf-8-sig" else text, None


def _short(text: str) -> str:
    return text if len(text) <= 60 else text[:57] + "..."


class _Visitor(ast.NodeVisitor):
    def __init__(self, sink: FindingSink, role: FileRole, long_lines: set[int], *,
                 may_decode: bool) -> None:
        self.sink = sink
        self.may_decode = may_decode
        self.role = role
        self.scopes = Scopes()
        self.function_depth = 0
        self.long_lines = long_lines
        self.docstrings: set[int] = set()
        self.tainted: list[dict[str, list[str]]] = [{}]
        self.install_apis: set[str] = set()
        self.names: set[str] = set()
        self._handlers: dict[type[ast.AST], Callable[[ast.AST], None]] = {}
        self.skip_constants: set[int] = set()

    # --- scopes -------------------------------------------------------------------------

    def _note_docstring(self, body: list[ast.stmt]) -> None:
        if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
            self.docstrings.add(id(body[0].value))

    def visit_Module(self, node: ast.Module) -> None:
        self._note_docstring(node.body)
        self.generic_visit(node)

    def _visit_function(self, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda) -> None:
        for default in [*node.args.defaults, *node.args.kw_defaults]:
            if default is not None:
                self.visit(default)
        if not isinstance(node, ast.Lambda):
            for decorator in node.decorator_list:
                self.visit(decorator)
            self.scopes.bind(node.name, None)
            self._note_docstring(node.body)
        arguments = node.args
        names = [a.arg for a in [*arguments.posonlyargs, *arguments.args,
                                 *arguments.kwonlyargs]]
        names += [a.arg for a in (arguments.vararg, arguments.kwarg) if a is not None]
        self.scopes.push(names)
        self.tainted.append({})
        self.function_depth += 1
        body = [node.body] if isinstance(node, ast.Lambda) else node.body
        for statement in body:
            self.visit(statement)
        self.function_depth -= 1
        self.tainted.pop()
        self.scopes.pop()

    visit_FunctionDef = _visit_function
    visit_AsyncFunctionDef = _visit_function
    visit_Lambda = _visit_function

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        for expression in [*node.bases, *node.decorator_list]:
            self.visit(expression)
        if self.role is FileRole.INSTALL_TIME:
            self._check_cmdclass(node)
        self.scopes.bind(node.name, None)
        self._note_docstring(node.body)
        self.scopes.push()
        for statement in node.body:
            self.visit(statement)
        self.scopes.pop()

    def visit_Import(self, node: ast.Import) -> None:
        self.scopes.bind_import(node)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        self.scopes.bind_import(node)

    def _bind_target(self, target: ast.expr, value: ast.expr | None) -> None:
        if isinstance(target, ast.Name) and isinstance(value, ast.Constant) and (
                value.value is None) and self.scopes.resolve(target) is not None:
            return  # `except ImportError: dns = None`: where the import succeeds, it is used
        if isinstance(target, ast.Name):
            resolved = None if value is None else self.scopes.resolve(value)
            self.scopes.bind(target.id, resolved)
            constant = None if value is None or resolved else self._fold(value)
            if constant is not None:
                self.scopes.bind_constant(target.id, constant)
            chain = [] if value is None or not self.may_decode else self._decoders_in(value)
            if chain:
                self.tainted[-1][target.id] = chain
            else:
                self.tainted[-1].pop(target.id, None)
            self.names.add(target.id)
        elif isinstance(target, ast.Tuple | ast.List):
            for element in target.elts:
                self._bind_target(element, None)

    def visit_Assign(self, node: ast.Assign) -> None:
        self.visit(node.value)
        for target in node.targets:
            self.visit(target)
            self._bind_target(target, node.value)

    def visit_AugAssign(self, node: ast.AugAssign) -> None:
        self.generic_visit(node)
        if isinstance(node.target, ast.Name):
            self._bind_target(node.target, None)  # `cmd += x`: no longer a known constant

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        if node.value is not None:
            self.visit(node.value)
        self._bind_target(node.target, node.value)

    def visit_For(self, node: ast.For) -> None:
        if self.scopes.resolve(node.iter) == "os.environ":
            self._env_dump(node.iter, "Iterates over every environment variable")
        self.visit(node.iter)
        self._bind_target(node.target, None)
        for statement in [*node.body, *node.orelse]:
            self.visit(statement)

    visit_AsyncFor = visit_For  # type: ignore[assignment]

    def visit_comprehension(self, node: ast.comprehension) -> None:
        if self.scopes.resolve(node.iter) == "os.environ":
            self._env_dump(node.iter, "Iterates over every environment variable")
        self.generic_visit(node)

    def generic_visit(self, node: ast.AST) -> None:
        visit = self.visit
        for field in _child_fields(node.__class__):
            value = getattr(node, field, None)
            if value.__class__ is list:
                for item in value:
                    if item is not None:  # Dict.keys holds None for `**rest`
                        visit(item)
            elif value is not None:
                visit(value)

    def visit(self, node: ast.AST) -> None:
        if (
            self.long_lines
            and isinstance(node, ast.stmt)
            and node.lineno in self.long_lines
            and not isinstance(node, ast.FunctionDef | ast.ClassDef | ast.AsyncFunctionDef)
        ):
            self.long_lines.discard(node.lineno)
            if not _is_data_statement(node) and _looks_packed(self.sink.lines[node.lineno - 1]):
                self.sink.add(AlertType.OBFUSCATED_CODE, Severity.MEDIUM, node.lineno,
                              f"Packs code into a line longer than {_LONG_LINE} characters.",
                              api="long-line")
        handler = self._handlers.get(node.__class__)
        if handler is None:
            handler = getattr(self, "visit_" + node.__class__.__name__, self.generic_visit)
            self._handlers[node.__class__] = handler
        handler(node)

    # --- findings ------------------------------------------------------------------------

    def _add(self, kind: AlertType, severity: Severity, node: ast.AST, reason: str, *,
             api: str, normalized: str = "") -> None:
        line = getattr(node, "lineno", None)
        end = getattr(node, "end_lineno", None)
        self.sink.add(kind, severity, line, reason, api=api, normalized=normalized, end_line=end)
        side_effect = _IMPORT_SIDE_EFFECT_TYPES.get(kind)
        if self.role is FileRole.PACKAGE_INIT and self.function_depth == 0 and side_effect:
            self.sink.add(AlertType.IMPORT_TIME_SIDE_EFFECT, side_effect, line,
                          reason.removesuffix(".") + " when the package is imported.",
                          api=api, normalized=normalized, end_line=end)

    def _capability(self, capability: Capability, node: ast.Call, api: str) -> None:
        normalized = ""
        severity = capability.severity
        reason = capability.reason(api)
        if capability.type is AlertType.SHELL:
            normalized = self._command_word(node)
            if any(k.arg == "shell" and isinstance(k.value, ast.Constant) and k.value.value
                   for k in node.keywords):
                severity = Severity.HIGH
                reason = f"Starts a shell command with {api}(shell=True)."
        elif capability.type is AlertType.NETWORK:
            normalized = self._url_host(node)
        self._add(capability.type, severity, node, reason, api=api, normalized=normalized)
        if normalized in _PERSISTENCE_COMMANDS:
            self._add(AlertType.SYSTEM_HOOKS, Severity.HIGH, node,
                      f"Installs a scheduled or startup task by running {normalized}.",
                      api=f"command:{normalized}")

    def _command_word(self, node: ast.Call) -> str:
        if not node.args:
            return "*"
        first = node.args[0]
        if isinstance(first, ast.List | ast.Tuple) and first.elts:
            first = first.elts[0]
        word = self._fold(first)
        if word is None or not word.strip():
            return "*"
        return word.split()[0].replace("\\", "/").rsplit("/", 1)[-1][:60]

    def _url_host(self, node: ast.Call) -> str:
        for argument in [*node.args, *(k.value for k in node.keywords)]:
            text = self._fold(argument)
            if text and "://" in text:
                return text.split("://", 1)[1].split("/")[0].rsplit("@", 1)[-1].lower()[:100]
        return ""

    def _fold(self, node: ast.expr) -> str | None:
        return self.scopes.fold(node)

    def _decoders_in(self, node: ast.expr) -> list[str]:
        """Decoder APIs (or decoded names) anywhere inside an expression, bounded."""
        found: list[str] = []
        stack: list[ast.AST] = [node]
        budget = 500
        while stack and budget:
            budget -= 1
            current = stack.pop()
            if isinstance(current, ast.Call):
                name = self.scopes.resolve(current.func)
                if name in DECODER_APIS and name not in found:
                    found.append(name)
                if name == "builtins.bytes" and current.args and isinstance(
                    current.args[0], ast.List | ast.ListComp | ast.GeneratorExp
                ):
                    found.append("bytes-list")
            elif isinstance(current, ast.Name):
                for names in reversed(self.tainted):
                    if current.id in names:
                        found.extend(d for d in names[current.id] if d not in found)
                        break
            elif (isinstance(current, ast.Subscript) and isinstance(current.slice, ast.Slice)
                  and current.slice.step is not None and current.slice.lower is None
                  and self._fold(current.value) is not None):
                found.append("reversed-string")  # a literal reversed, not `items[::-1]`
            stack.extend(ast.iter_child_nodes(current))
        return found

    def _env_dump(self, node: ast.AST, what: str) -> None:
        self._add(AlertType.ENV_SECRETS, Severity.MEDIUM, node,
                  f"{what}, secrets included.", api="os.environ", normalized="all")

    def _env_read(self, node: ast.AST, name_node: ast.expr | None) -> None:
        name = None if name_node is None else self._fold(name_node)
        if name is not None and is_secret_env_name(name):
            self._add(AlertType.ENV_SECRETS, Severity.MEDIUM, node,
                      f"Reads the {_short(name)} environment variable.",
                      api=f"os.environ[{_short(name)}]")

    def visit_Subscript(self, node: ast.Subscript) -> None:
        if isinstance(node.ctx, ast.Load) and self.scopes.resolve(node.value) == "os.environ":
            self._env_read(node, node.slice)
        self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:
        api = self.scopes.resolve(node.func)
        if api is not None:
            self._check_call(node, api.replace("()", "") if api.startswith("os.environ") else api)
        elif isinstance(node.func, ast.Attribute) and node.func.attr in {"write_text",
                                                                          "write_bytes"}:
            self._add(AlertType.FILESYSTEM_WRITE, Severity.LOW, node,
                      f"Writes a file with Path.{node.func.attr}.",
                      api=f"pathlib.Path.{node.func.attr}")
        self.generic_visit(node)

    def _check_call(self, node: ast.Call, api: str) -> None:
        if self.role is FileRole.INSTALL_TIME:
            self._check_install_call(node, api)
        if api in _CODE_RUNNERS:
            self._check_code_runner(node, api)
            return
        if api in {"builtins.__import__", "importlib.import_module"}:
            if not node.args or self._fold(node.args[0]) is None:
                self._add(AlertType.DYNAMIC_CODE, Severity.MEDIUM, node,
                          f"Imports a module whose name is computed at run time with {api}.",
                          api=api)
            return
        if api in _OPENERS or api == "os.open":
            self._check_open(node, api)
            return
        if api in _ENV_GETTERS:
            self._env_read(node, node.args[0] if node.args else None)
            return
        if api in _ENV_DUMPERS and any(
            self.scopes.resolve(a) == "os.environ" for a in node.args
        ):
            self._env_dump(node, "Copies the whole environment")
            return
        capability = lookup(api)
        if capability is not None:
            self._capability(capability, node, api.replace("()", ""))

    def _check_code_runner(self, node: ast.Call, api: str) -> None:
        name = api.removeprefix("builtins.")
        decoders = self._decoders_in(node.args[0]) if node.args and self.may_decode else []
        if decoders:
            chain = "+".join(sorted(set(decoders)))
            self._add(AlertType.OBFUSCATED_EXEC, Severity.CRITICAL, node,
                      f"Runs hidden code: {name} of data decoded with {chain}.",
                      api=api, normalized=chain)
        elif node.args and (local := self._local_file_read(node.args[0])) is not None:
            self._add(AlertType.DYNAMIC_CODE, Severity.LOW, node,
                      f"Runs code read from the local file {_short(local)} with {name}.",
                      api=api, normalized="local-file")
        elif node.args and isinstance(node.args[0], ast.Constant):
            self._add(AlertType.DYNAMIC_CODE, Severity.LOW, node,
                      f"Runs a constant string as code with {name}.", api=api,
                      normalized="constant")
        else:
            self._add(AlertType.DYNAMIC_CODE, Severity.MEDIUM, node,
                      f"Runs dynamically built code with {name}.", api=api)

    def _local_file_read(self, node: ast.expr) -> str | None:
        """The path in `open('pkg/version.py').read()` (setup.py's version idiom), or None."""
        if (isinstance(node, ast.Call) and node.args
                and self.scopes.resolve(node.func) == "builtins.compile"):
            node = node.args[0]
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and node.func.attr == "read" and isinstance(node.func.value, ast.Call)):
            return None
        opener = node.func.value
        if self.scopes.resolve(opener.func) not in _OPENERS or not opener.args:
            return None
        path = opener.args[0]
        if (isinstance(path, ast.Call) and self.scopes.resolve(path.func) == "os.path.join"
                and path.args):
            path = path.args[-1]
        text = self._fold(path)
        if text is None or "://" in text or text.startswith(("/", "~")):
            return None
        return text

    def _check_open(self, node: ast.Call, api: str) -> None:
        if api == "os.open":
            flags = ast.unparse(node.args[1]) if len(node.args) > 1 else ""
            writes = any(flag in flags for flag in ("O_WRONLY", "O_RDWR", "O_CREAT", "O_APPEND"))
        else:
            mode_node = node.args[1] if len(node.args) > 1 else next(
                (k.value for k in node.keywords if k.arg == "mode"), None)
            mode = None if mode_node is None else self._fold(mode_node)
            writes = mode is not None and bool(_WRITE_MODE.search(mode))
        if writes:
            self._add(AlertType.FILESYSTEM_WRITE, Severity.LOW, node,
                      f"Writes a file with {api.removeprefix('builtins.')}.", api=api)

    def _check_install_call(self, node: ast.Call, api: str) -> None:
        plain = api.replace("()", "")
        root = plain.split(".")[0]
        if root in _BENIGN_INSTALL_ROOTS or any(
            plain == benign or plain.startswith(benign + ".") for benign in _BENIGN_INSTALL_ROOTS
        ) or plain in self.install_apis:
            return
        self.install_apis.add(plain)
        self.sink.add(AlertType.INSTALL_SCRIPT, Severity.MEDIUM, node.lineno,
                      f"Calls {plain} from code that runs when the package is installed.",
                      api=f"setup:{plain}", end_line=node.end_lineno)

    def _check_cmdclass(self, node: ast.ClassDef) -> None:
        bases = [self.scopes.resolve(base) or "" for base in node.bases]
        overridden = [b.rsplit(".", 1)[-1] for b in bases if "command" in b or
                      b.rsplit(".", 1)[-1] in _CMDCLASS_BASES]
        overridden = [b for b in overridden if b in _CMDCLASS_BASES]
        if not overridden:
            return
        for statement in node.body:
            if isinstance(statement, ast.FunctionDef) and statement.name == "run" and any(
                not _is_super_run(s) for s in statement.body
            ):
                self.sink.add(AlertType.INSTALL_SCRIPT, Severity.HIGH, statement.lineno,
                              f"Overrides the {overridden[0]} command with custom code that "
                              "runs when the package is installed.",
                              api=f"cmdclass:{overridden[0]}", end_line=statement.lineno)

    def visit_Constant(self, node: ast.Constant) -> None:
        value = node.value
        if isinstance(value, bytes):
            why_bytes = is_high_entropy_bytes(value)
            if why_bytes is not None:
                self._add(AlertType.HIGH_ENTROPY_STRING, Severity.LOW, node,
                          f"Embeds {why_bytes}, possibly an encoded payload or secret.",
                          api="entropy")
            return
        if not isinstance(value, str) or id(node) in self.docstrings:
            return
        if len(value) >= 200:
            why = is_high_entropy_blob(value)
            if why is not None:
                self._add(AlertType.HIGH_ENTROPY_STRING, Severity.LOW, node,
                          f"Embeds {why}, possibly an encoded payload or secret.",
                          api="entropy")
        if "://" in value or "/api/webhooks" in value or "api.telegram.org" in value:
            for url in find_suspicious_urls(value[:100_000]):
                self._add(AlertType.SUSPICIOUS_URL, Severity.HIGH, node, url.reason,
                          api=url.api, normalized=url.category)
        if len(value) <= _MAX_PATH_LITERAL:
            for label, _, kind, severity, what in match_paths(value):
                verb = "Refers to" if kind is AlertType.SYSTEM_HOOKS else "Reads"
                self._add(kind, severity, node, f"{verb} {what} ({_short(value.strip())}).",
                          api=f"path:{label}")

    def visit_Name(self, node: ast.Name) -> None:
        self.names.add(node.id)


# Fields that never hold a node worth visiting: names, flags, operators, contexts.
_SCALAR_FIELDS = frozenset({"ctx", "id", "attr", "name", "arg", "asname", "module", "level",
                            "kind", "type_comment", "conversion", "is_async", "names", "op",
                            "ops", "kwd_attrs", "rest", "simple", "tag", "lineno"})


_CHILD_FIELDS: dict[type[ast.AST], tuple[str, ...]] = {}


def _child_fields(cls: type[ast.AST]) -> tuple[str, ...]:
    fields = _CHILD_FIELDS.get(cls)
    if fields is None:
        # Constant and MatchSingleton hold a Python constant, never a node.
        skip = cls is ast.Constant or cls is ast.MatchSingleton
        fields = () if skip else tuple(f for f in cls._fields if f not in _SCALAR_FIELDS)
        _CHILD_FIELDS[cls] = fields
    return fields


def _is_super_run(statement: ast.stmt) -> bool:
    """`super().run()`, `install.run(self)`, `pass` or a docstring: nothing custom."""
    if isinstance(statement, ast.Pass):
        return True
    if isinstance(statement, ast.Expr):
        value = statement.value
        if isinstance(value, ast.Constant):
            return True
        if isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute):
            return value.func.attr in {"run", "do_egg_install"}
    return False


def _looks_packed(line: str) -> bool:
    """Minified or packed code: many statements on one line, or almost no spaces.

    Generated code (fastjsonschema validators) has long lines with normal spacing."""
    spaces = line.count(" ") + line.count("\t")
    return line.count(";") >= 10 or spaces < len(line) * 0.04


def _is_data_statement(node: ast.stmt) -> bool:
    value: ast.expr | None = None
    if isinstance(node, ast.Assign | ast.AnnAssign | ast.Expr):
        value = node.value
    if value is None:
        return False
    stack: list[ast.AST] = [value]
    budget = 100_000
    while stack and budget:
        budget -= 1
        current = stack.pop()
        if isinstance(current, ast.List | ast.Tuple | ast.Set | ast.Dict):
            stack.extend(e for e in ast.iter_child_nodes(current) if e is not None)
        elif isinstance(current, ast.UnaryOp) and isinstance(current.operand, ast.Constant):
            continue
        elif not isinstance(current, ast.Constant | ast.expr_context):
            return False
    return True


def analyze_python(file: SourceFile, *, prefilter: bool = True) -> FileAnalysis:
    """Analyze one Python file's bytes; never raises on hostile input.

    `prefilter=False` parses every file (tests check the pre-filter drops no finding)."""
    return _analyze(file, prefilter=prefilter, nesting=0)


def _analyze(file: SourceFile, *, prefilter: bool, nesting: int) -> FileAnalysis:
    data = file.data
    text, decode_note = decode_source(data)
    lines = split_lines(text)
    sink = FindingSink(file, lines)
    if len(data) > MAX_PARSE_BYTES:
        scan_text(text, data, sink)
        return _result(sink, parsed=False,
                       note=f"file is larger than {MAX_PARSE_BYTES // (1024 * 1024)} MB: "
                       "scanned with the text search only")
    if (prefilter and file.role is not FileRole.INSTALL_TIME
            and not needs_syntax_tree(text, lines) and not imports_risky_module(text)):
        # Nothing the tree walk reports can be in this file. When the raw-text signals find
        # something, parse anyway: the result must say whether the file parsed.
        scan_common(text, data, sink, tokenize_names=True)
        if not sink.findings:
            return _result(sink, parsed=True, note=decode_note)
        sink = FindingSink(file, lines)
    try:
        tree = ast.parse(text, filename=file.path, type_comments=False)
    except (SyntaxError, ValueError, RecursionError, MemoryError) as error:
        scan_text(text, data, sink)
        too_deep = isinstance(error, RecursionError | MemoryError) or "too many" in str(error)
        reason = f"nesting too deep to parse ({error}): text search only" if too_deep else None
        return _result(sink, parsed=False, note=reason or decode_note)
    long_lines = {number for number, line in enumerate(lines, start=1) if len(line) > _LONG_LINE}
    visitor = _Visitor(sink, file.role, long_lines,
                       may_decode=any(hint in data for hint in _RUNNER_HINTS)
                       and any(hint in data for hint in _DECODER_HINTS))
    try:
        visitor.visit(tree)
    except RecursionError:
        sink.findings.clear()
        scan_text(text, data, sink)
        return _result(sink, parsed=False, note="nesting too deep to walk: text search only")
    if (any(f.type in _SINK_TYPES for f in sink.findings) and (
            may_hold_threat(data, file.role) or any(
                f.type is AlertType.DYNAMIC_CODE and f.normalized == "constant"
                for f in sink.findings))) or b"__pyarmor" in data or b"__armor_enter" in data or (
            b"__builtins__\"]" in data or b"__builtins__']" in data):
        _add_threats(tree, file, sink, text, prefilter=prefilter, nesting=nesting)
    meaningless = sorted(name for name in visitor.names if _OBFUSCATED_NAME.match(name))
    if len(meaningless) >= 20:
        sink.add(AlertType.OBFUSCATED_CODE, Severity.HIGH, None,
                 f"Uses {len(meaningless)} meaningless identifiers such as "
                 f"{meaningless[0]!r}, as obfuscators do.",
                 api="obfuscator:identifier-soup")
    scan_common(text, data, sink, tokenize_names=True)
    return _result(sink, parsed=True, note=decode_note)


def _add_threats(tree: ast.Module, file: SourceFile, sink: FindingSink, text: str, *,
                 prefilter: bool, nesting: int) -> None:
    """The threat pass; decoded payloads are analyzed as source, `MAX_NESTING` levels deep."""

    def nested(text: str) -> FileAnalysis | None:
        if nesting >= MAX_NESTING:
            return None
        inner = SourceFile(path=file.path, data=text.encode("utf-8", errors="replace"),
                           role=file.role, artifact=file.artifact)
        return _analyze(inner, prefilter=prefilter, nesting=nesting + 1)

    notes = find_threats(tree, file, sink, nested, text)
    for position, finding in enumerate(sink.findings):
        note = notes.get(finding.line or 0)
        if note and finding.type is AlertType.OBFUSCATED_EXEC:
            sink.findings[position] = dataclasses.replace(
                finding, reason=finding.reason.removesuffix(".") + f"; {note}.")


def _result(sink: FindingSink, *, parsed: bool, note: str | None) -> FileAnalysis:
    if sink.truncated:
        note = f"more than {len(sink.findings)} findings: the rest were dropped"
    return FileAnalysis(findings=tuple(sink.findings), parsed=parsed, incomplete_reason=note)
