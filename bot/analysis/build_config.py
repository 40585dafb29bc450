"""Which files of an sdist its build would install, read from the build configuration.

Nothing is run: setup.py is read with `ast`, setup.cfg with `configparser`, pyproject.toml
with `tomllib`. The answer is an `InstallPlan`: the archive paths (package directories,
modules, scripts) a wheel built from the sdist would contain, and the files that run while it
is built (setup.py, the local modules and scripts it imports or names, an in-tree backend).

When the configuration cannot be read for certain (computed `packages`, `**kwargs`, a build
backend we do not know, glob includes), `install_plan` returns None and the caller falls back
to the directory-name heuristic in `bot.analysis.roles`: a false "installed" costs a line in a
report, a false "not installed" would hide behaviour.
"""

from __future__ import annotations

import ast
import configparser
import fnmatch
import posixpath
import re
import tomllib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from bot.analysis.parsing import parse_module

__all__ = ["InstallPlan", "InstallTimeCode", "TextReader", "install_plan", "install_time_code"]

# Reads a member's text by its path (sdist top-level directory stripped); None if absent.
TextReader = Callable[[str], str | None]

_MAX_DEPTH = 30
_MAX_INSTALL_TIME_FILES = 200
# setuptools' flat-layout auto-discovery skips these top-level names (setuptools.discovery).
_FLAT_EXCLUDED_PACKAGES = frozenset({
    "ci", "bin", "debian", "doc", "docs", "documentation", "manpages", "news",
    "newsfragments", "changelog", "test", "tests", "unit_test", "unit_tests", "example",
    "examples", "scripts", "tools", "util", "utils", "python", "build", "dist", "venv", "env",
    "requirements", "tasks", "fabfile", "site_scons", "benchmark", "benchmarks", "exercise",
    "exercises", "htmlcov",
})
_FLAT_EXCLUDED_MODULES = frozenset({
    "setup", "conftest", "test", "tests", "example", "examples", "build", "toxfile",
    "noxfile", "pavement", "dodo", "tasks", "fabfile", "sconstruct", "conanfile", "manage",
    "benchmark", "benchmarks", "exercise", "exercises",
})
_GLOB_CHARS = re.compile(r"[*?\[]")


@dataclass(frozen=True, slots=True, kw_only=True)
class InstallPlan:
    """What a build of the sdist installs, as sdist paths (files or directories)."""

    roots: frozenset[str]
    # The configuration that decided it, for messages and tests ("setup.py", "poetry", ...).
    source: str

    def installs(self, path: str) -> bool:
        return any(path == root or path.startswith(root + "/") for root in self.roots)


class _Unknown(Exception):
    """The configuration says something only running the build could resolve."""


def install_plan(paths: Sequence[str], read: TextReader, *,
                 project_name: str | None) -> InstallPlan | None:
    """The installed roots of an sdist with member `paths`, or None when undetermined."""
    tree = _Tree(paths)
    try:
        pyproject = _toml(read("pyproject.toml"))
        backend = _backend(pyproject)
        name = _project_name(pyproject) or project_name
        if backend is None or backend.startswith("setuptools"):
            return _setuptools(tree, read, pyproject, name)
        if backend.startswith("flit"):
            return _flit(tree, pyproject, name)
        if backend.startswith("hatchling"):
            return _hatch(tree, pyproject, name)
        if backend.startswith("pdm"):
            return _pdm(tree, pyproject, name)
        if backend.startswith("poetry"):
            return _poetry(tree, pyproject, name)
        if backend.startswith("maturin"):
            return _maturin(tree, pyproject, name)
    except (_Unknown, RecursionError, ValueError, TypeError):
        return None
    return None


@dataclass(frozen=True, slots=True, kw_only=True)
class InstallTimeCode:
    """Local files that run while an sdist is built."""

    # Run whole: setup.py, the in-tree backend, scripts setup.py runs or `exec`s.
    executed: frozenset[str] = frozenset()
    # Imported by those: their top-level code runs at install, their functions only when
    # called, so a module the package installs anyway keeps its installed role.
    imported: frozenset[str] = frozenset()

    @property
    def files(self) -> frozenset[str]:
        return self.executed | self.imported


def install_time_code(paths: Sequence[str], read: TextReader,
                      backend_paths: Iterable[str] = ()) -> InstallTimeCode:
    """setup.py and the in-tree backend's files, what they run (`scripts/x.py` with runpy or
    subprocess, `exec(open(...).read())`) and what they import, followed transitively."""
    tree = _Tree(paths)
    executed: set[str] = set()
    imported: set[str] = set()
    queue = [("setup.py", True)] if "setup.py" in tree.files else []
    for base in backend_paths:
        queue.extend((p, True) for p in tree.files if (p == base or p.startswith(base + "/"))
                     and p.endswith(".py"))
    while queue and len(executed) + len(imported) < _MAX_INSTALL_TIME_FILES:
        path, whole = queue.pop()
        if path in executed or (path in imported and not whole):
            continue
        if whole:
            imported.discard(path)
            executed.add(path)
        else:
            imported.add(path)
        text = read(path) if path.endswith((".py", ".pyw")) else None
        if text is None:
            continue
        ran, imports = _referenced_files(text, path, tree)
        queue.extend((p, True) for p in ran if p not in executed)
        queue.extend((p, False) for p in imports if p not in executed and p not in imported)
    return InstallTimeCode(executed=frozenset(executed), imported=frozenset(imported))


# -- the sdist's tree --------------------------------------------------------------------------

class _Tree:
    """The sdist's paths with each directory's children indexed, so walks stay linear."""

    def __init__(self, paths: Sequence[str]) -> None:
        self.files = frozenset(paths)
        children: dict[str, set[str]] = {}
        modules: dict[str, list[str]] = {}
        for path in self.files:
            parent, _, name = path.rpartition("/")
            if name.endswith(".py"):
                modules.setdefault(parent, []).append(path)
            parts = path.split("/")[:-1]
            for depth in range(1, len(parts) + 1):
                children.setdefault("/".join(parts[:depth - 1]), set()).add(
                    "/".join(parts[:depth]))
        self.dirs = frozenset(d for kids in children.values() for d in kids)
        self._children = {d: sorted(kids) for d, kids in children.items()}
        self._modules = {d: sorted(found) for d, found in modules.items()}

    def is_package(self, directory: str) -> bool:
        return f"{directory}/__init__.py" in self.files

    def subdirs(self, directory: str) -> list[str]:
        return self._children.get(directory, [])

    def modules(self, directory: str) -> list[str]:
        return self._modules.get(directory, [])


def _join(*parts: str) -> str:
    joined = posixpath.normpath("/".join(p for p in parts if p and p != "."))
    if joined.startswith(("../", "/")) or joined == "..":
        raise _Unknown("path outside the sdist")
    return "" if joined == "." else joined


# -- setuptools --------------------------------------------------------------------------------

@dataclass(slots=True)
class _SetuptoolsOptions:
    packages: list[str] | None = None
    py_modules: list[str] | None = None
    package_dir: dict[str, str] | None = None
    scripts: list[str] | None = None
    stated: bool = False  # a packages/py_modules key was found (else: auto-discovery)


def _setuptools(tree: _Tree, read: TextReader, pyproject: Mapping[str, object] | None,
                name: str | None) -> InstallPlan | None:
    options = _SetuptoolsOptions()
    sources: list[str] = []
    setup_py = read("setup.py")
    if setup_py is not None and _setup_py_options(setup_py, tree, options):
        sources.append("setup.py")
    setup_cfg = read("setup.cfg")
    if setup_cfg is not None and _setup_cfg_options(setup_cfg, tree, options):
        sources.append("setup.cfg")
    tool = _table(pyproject, "tool", "setuptools")
    if tool is not None and _pyproject_setuptools_options(tool, tree, options):
        sources.append("pyproject.toml [tool.setuptools]")
    if setup_py is None and pyproject is None and setup_cfg is None:
        return None
    package_dir = options.package_dir or {}
    roots: set[str] = set()
    if not options.stated:
        roots.update(_auto_discovery(tree, package_dir))
        sources.append("setuptools auto-discovery")
    for package in options.packages or ():
        roots.add(_package_path(package, package_dir))
    for module in options.py_modules or ():
        roots.add(_package_path(module, package_dir) + ".py")
    for script in options.scripts or ():
        roots.add(_join(script))
    if not roots:
        return None
    return InstallPlan(roots=_outermost(roots), source=", ".join(sources))


def _package_path(dotted: str, package_dir: Mapping[str, str]) -> str:
    """`a.b` under `package_dir` ({"": "src"} or {"a": "lib/a"}), as setuptools maps it."""
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        prefix = ".".join(parts[:cut])
        if prefix in package_dir:
            return _join(package_dir[prefix], *parts[cut:])
    return _join(package_dir.get("", ""), *parts)


def _outermost(roots: Iterable[str]) -> frozenset[str]:
    ordered = sorted(set(roots), key=len)
    kept: list[str] = []
    for root in ordered:
        if not any(root == k or root.startswith(k + "/") for k in kept):
            kept.append(root)
    return frozenset(kept)


def _auto_discovery(tree: _Tree, package_dir: Mapping[str, str]) -> set[str]:
    """setuptools >= 61 without packages/py_modules: src layout, else flat layout."""
    base = package_dir.get("", "")
    if not base and "src" in tree.dirs:
        base = "src"
    if base:
        found = {_join(base, d.rsplit("/", 1)[-1]) for d in tree.subdirs(base)
                 if "." not in d.rsplit("/", 1)[-1]}
        found.update(m for m in tree.modules(base))
        return found
    packages = {d for d in tree.subdirs("") if tree.is_package(d)
                and d not in _FLAT_EXCLUDED_PACKAGES and not d.startswith(("_", "."))
                and "." not in d}
    if packages:
        return packages
    return {m for m in tree.modules("") if m.removesuffix(".py").lower()
            not in _FLAT_EXCLUDED_MODULES and not m.startswith(("_", "."))}


def _find_packages(tree: _Tree, where: str, include: Sequence[str], exclude: Sequence[str],
                   *, namespaces: bool) -> list[str]:
    """setuptools' find_packages()/find_namespace_packages() over the archive's paths."""
    root = _join(where)
    found: list[str] = []
    stack = [(d, d.rsplit("/", 1)[-1]) for d in tree.subdirs(root)]
    while stack:
        directory, dotted = stack.pop()
        if "." in directory.rsplit("/", 1)[-1]:
            continue
        if not namespaces and not tree.is_package(directory):
            continue
        if any(fnmatch.fnmatchcase(dotted, p) for p in include) and not any(
                fnmatch.fnmatchcase(dotted, p) for p in exclude):
            found.append(dotted)
        stack.extend((d, f"{dotted}.{d.rsplit('/', 1)[-1]}") for d in tree.subdirs(directory))
    return found


def _with_where(packages: list[str], where: str, package_dir: dict[str, str] | None
                ) -> dict[str, str] | None:
    """find_packages(where="src") implies package_dir {"": "src"} when none is given."""
    if where in ("", ".") or (package_dir and "" in package_dir):
        return package_dir
    merged = dict(package_dir or {})
    merged[""] = where
    return merged if packages else package_dir


def _setup_py_options(text: str, tree: _Tree, options: _SetuptoolsOptions) -> bool:
    try:
        module = parse_module(text)
    except (SyntaxError, ValueError):
        raise _Unknown("setup.py does not parse") from None
    constants: dict[str, ast.expr] = {}
    call: ast.Call | None = None
    for node in ast.walk(module):
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(
                node.targets[0], ast.Name):
            constants[node.targets[0].id] = node.value
        if isinstance(node, ast.Call) and _is_setup_call(node):
            call = node
    if call is None:
        raise _Unknown("setup.py does not call setup() itself")
    reader = _SetupPyReader(tree, constants)
    for keyword in call.keywords:
        if keyword.arg is None:
            raise _Unknown("setup(**kwargs)")
        if keyword.arg == "package_dir":
            options.package_dir = reader.mapping(keyword.value, 0)
    for keyword in call.keywords:
        if keyword.arg == "packages":
            packages, where = reader.packages(keyword.value, 0)
            options.packages = packages
            options.package_dir = _with_where(packages, where, options.package_dir)
            options.stated = True
        elif keyword.arg == "py_modules":
            options.py_modules = reader.strings(keyword.value, 0)
            options.stated = True
        elif keyword.arg == "scripts":
            options.scripts = reader.strings(keyword.value, 0)
    return True


def _is_setup_call(node: ast.Call) -> bool:
    func = node.func
    return (isinstance(func, ast.Name) and func.id == "setup") or (
        isinstance(func, ast.Attribute) and func.attr == "setup")


class _SetupPyReader:
    def __init__(self, tree: _Tree, constants: Mapping[str, ast.expr]) -> None:
        self.tree = tree
        self.constants = constants

    def resolve(self, node: ast.expr, depth: int) -> ast.expr:
        while isinstance(node, ast.Name):
            if node.id not in self.constants or depth > _MAX_DEPTH:
                raise _Unknown(f"name {node.id}")
            node = self.constants[node.id]
            depth += 1
        return node

    def strings(self, node: ast.expr, depth: int) -> list[str]:
        node = self.resolve(node, depth)
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return [node.value]
        if isinstance(node, ast.List | ast.Tuple | ast.Set):
            return [s for element in node.elts for s in self.strings(element, depth + 1)]
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            return self.strings(node.left, depth + 1) + self.strings(node.right, depth + 1)
        raise _Unknown("computed list")

    def mapping(self, node: ast.expr, depth: int) -> dict[str, str]:
        node = self.resolve(node, depth)
        if not isinstance(node, ast.Dict):
            raise _Unknown("computed mapping")
        result = {}
        for key, value in zip(node.keys, node.values, strict=True):
            if key is None:
                raise _Unknown("mapping unpacking")
            keys, values = self.strings(key, depth + 1), self.strings(value, depth + 1)
            if len(keys) != 1 or len(values) != 1:
                raise _Unknown("mapping")
            result[keys[0]] = values[0]
        return result

    def packages(self, node: ast.expr, depth: int) -> tuple[list[str], str]:
        """The package list and the `where` of a find_packages() call ("" for a literal)."""
        node = self.resolve(node, depth)
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            left, where = self.packages(node.left, depth + 1)
            right, other = self.packages(node.right, depth + 1)
            return left + right, where or other
        if not isinstance(node, ast.Call):
            return self.strings(node, depth), ""
        func = node.func
        called = func.id if isinstance(func, ast.Name) else (
            func.attr if isinstance(func, ast.Attribute) else "")
        if called not in ("find_packages", "find_namespace_packages", "find"):
            raise _Unknown(f"packages from {called or 'a call'}")
        names = ("where", "exclude", "include")
        arguments: dict[str, ast.expr] = dict(zip(names, node.args, strict=False))
        for keyword in node.keywords:
            if keyword.arg not in names:
                raise _Unknown("find_packages argument")
            arguments[keyword.arg] = keyword.value
        where = self.strings(arguments["where"], depth)[0] if "where" in arguments else ""
        exclude = self.strings(arguments["exclude"], depth) if "exclude" in arguments else []
        include = self.strings(arguments["include"], depth) if "include" in arguments else ["*"]
        packages = _find_packages(self.tree, where, include, exclude,
                                  namespaces=called == "find_namespace_packages")
        return packages, where


def _cfg_list(value: str) -> list[str]:
    return [item.strip() for line in value.splitlines() for item in line.split(",")
            if item.strip() and not item.strip().startswith("#")]


def _setup_cfg_options(text: str, tree: _Tree, options: _SetuptoolsOptions) -> bool:
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    try:
        parser.read_string(text)
    except configparser.Error:
        raise _Unknown("setup.cfg does not parse") from None
    if not parser.has_section("options"):
        return False
    section = parser["options"]
    if "package_dir" in section:
        mapping: dict[str, str] = {}
        for item in _cfg_list(section["package_dir"]):
            key, sep, value = item.partition("=")
            if not sep:
                raise _Unknown("package_dir")
            mapping[key.strip()] = value.strip()
        options.package_dir = mapping
    if "packages" in section:
        value = section["packages"].strip()
        if value.startswith(("find:", "find_namespace:")):
            find = parser["options.packages.find"] if parser.has_section(
                "options.packages.find") else {}
            where = find.get("where", "").strip()
            if not where and options.package_dir and "" in options.package_dir:
                where = options.package_dir[""]
            packages = _find_packages(
                tree, where, _cfg_list(find.get("include", "")) or ["*"],
                _cfg_list(find.get("exclude", "")),
                namespaces=value.startswith("find_namespace:"))
            options.package_dir = _with_where(packages, where, options.package_dir)
            options.packages = packages
        else:
            options.packages = _cfg_list(value)
        options.stated = True
    if "py_modules" in section:
        options.py_modules = _cfg_list(section["py_modules"])
        options.stated = True
    if "scripts" in section:
        options.scripts = _cfg_list(section["scripts"])
    return True


def _pyproject_setuptools_options(tool: Mapping[str, object], tree: _Tree,
                                  options: _SetuptoolsOptions) -> bool:
    read_any = False
    package_dir = tool.get("package-dir")
    if package_dir is not None:
        options.package_dir = {str(k): str(v) for k, v in _mapping(package_dir).items()}
        read_any = True
    packages = tool.get("packages")
    if isinstance(packages, list):
        options.packages = [str(p) for p in packages]
        options.stated = read_any = True
    elif isinstance(packages, dict):
        find = _mapping(packages.get("find", {}))
        wheres = [str(w) for w in _sequence(find.get("where", [""]))] or [""]
        include = [str(p) for p in _sequence(find.get("include", ["*"]))]
        exclude = [str(p) for p in _sequence(find.get("exclude", []))]
        namespaces = find.get("namespaces", True) is not False
        roots: list[str] = []
        for where in wheres:
            for package in _find_packages(tree, where, include, exclude, namespaces=namespaces):
                roots.append(_join(where, *package.split(".")))
        options.packages = [r.replace("/", ".") for r in roots]
        # Packages found under `where` map there; keep paths exact with a package_dir entry each.
        options.package_dir = {**(options.package_dir or {}),
                               **{r.replace("/", "."): r for r in roots}}
        options.stated = read_any = True
    elif packages is not None:
        raise _Unknown("tool.setuptools.packages")
    modules = tool.get("py-modules")
    if modules is not None:
        options.py_modules = [str(m) for m in _sequence(modules)]
        options.stated = read_any = True
    scripts = tool.get("script-files")
    if scripts is not None:
        options.scripts = [str(s) for s in _sequence(scripts)]
        read_any = True
    return read_any


# -- other backends: their conventions ---------------------------------------------------------

def _import_name(name: str | None) -> str:
    if not name:
        raise _Unknown("no project name")
    return re.sub(r"[-.]+", "_", name).lower()


def _conventional(tree: _Tree, module: str, source: str) -> InstallPlan | None:
    """`module/`, `module.py`, or the same under `src/`: flit, hatch, pdm, poetry defaults."""
    for base in ("", "src"):
        directory = _join(base, module)
        if directory in tree.dirs:
            return InstallPlan(roots=frozenset({directory}), source=source)
        if f"{directory}.py" in tree.files:
            return InstallPlan(roots=frozenset({f"{directory}.py"}), source=source)
    # Case and separators may differ between the project and its directory.
    wanted = module.lower().replace("-", "_")
    for base in ("", "src"):
        for directory in tree.subdirs(base):
            if directory.rsplit("/", 1)[-1].lower().replace("-", "_") == wanted:
                return InstallPlan(roots=frozenset({directory}), source=source)
    return None


def _flit(tree: _Tree, pyproject: Mapping[str, object] | None, name: str | None
          ) -> InstallPlan | None:
    module = _table(pyproject, "tool", "flit", "module")
    configured = module.get("name") if module else None
    return _conventional(tree, str(configured) if configured else _import_name(name), "flit")


def _hatch(tree: _Tree, pyproject: Mapping[str, object] | None, name: str | None
           ) -> InstallPlan | None:
    wheel = _table(pyproject, "tool", "hatch", "build", "targets", "wheel") or {}
    build = _table(pyproject, "tool", "hatch", "build") or {}
    roots: set[str] = set()
    for table in (wheel, build):
        for key in ("packages", "only-include"):
            for item in _sequence(table.get(key, [])):
                roots.add(_plain_path(str(item)))
        if "force-include" in table:
            roots.update(_plain_path(str(k)) for k in _mapping(table["force-include"]))
    if "include" in wheel or "include" in build:
        for item in (*_sequence(wheel.get("include", [])), *_sequence(build.get("include", []))):
            roots.add(_plain_path(str(item)))
    if roots:
        return InstallPlan(roots=_outermost(roots), source="hatch")
    return _conventional(tree, _import_name(name), "hatch")


def _pdm(tree: _Tree, pyproject: Mapping[str, object] | None, name: str | None
         ) -> InstallPlan | None:
    build = _table(pyproject, "tool", "pdm", "build") or {}
    includes = [_plain_path(str(item)) for item in _sequence(build.get("includes", []))]
    if includes:
        package_dir = str(build.get("package-dir", ""))
        return InstallPlan(roots=_outermost(_join(package_dir, i) if package_dir
                                            and not i.startswith(package_dir) else i
                                            for i in includes), source="pdm")
    return _conventional(tree, _import_name(name), "pdm")


def _poetry(tree: _Tree, pyproject: Mapping[str, object] | None, name: str | None
            ) -> InstallPlan | None:
    poetry = _table(pyproject, "tool", "poetry") or {}
    packages = poetry.get("packages")
    if packages is None:
        return _conventional(tree, _import_name(name or str(poetry.get("name", "")) or None),
                             "poetry")
    roots: set[str] = set()
    for entry in _sequence(packages):
        table = _mapping(entry)
        formats = table.get("format")
        if formats is not None and "wheel" not in _sequence(formats) and formats != "wheel":
            continue  # sdist-only includes are not installed
        include = _plain_path(str(table.get("include", "")))
        roots.add(_join(str(table.get("from", "")), include))
    if not roots:
        raise _Unknown("poetry packages")
    return InstallPlan(roots=_outermost(roots), source="poetry")


def _maturin(tree: _Tree, pyproject: Mapping[str, object] | None, name: str | None
             ) -> InstallPlan | None:
    maturin = _table(pyproject, "tool", "maturin") or {}
    module_name = maturin.get("module-name")
    top = str(module_name).split(".")[0] if module_name else _import_name(name)
    source = str(maturin.get("python-source", ""))
    directory = _join(source, top)
    if directory in tree.dirs:
        return InstallPlan(roots=frozenset({directory}), source="maturin")
    if source:
        return InstallPlan(roots=frozenset({_join(source)}), source="maturin")
    return None  # a pure Rust extension: no Python source to place


def _plain_path(pattern: str) -> str:
    """A hatch/pdm/poetry include that names a path (`src/foo`, `/foo`), not a glob."""
    cleaned = pattern.strip().strip("/")
    for suffix in ("/**/*", "/**", "/*"):
        cleaned = cleaned.removesuffix(suffix)
    if not cleaned or _GLOB_CHARS.search(cleaned):
        raise _Unknown(f"include pattern {pattern!r}")
    return _join(cleaned)


# -- install-time references -------------------------------------------------------------------

# Calls that run, import or execute what their arguments name: a path literal inside one of
# them is install-time code. (A file setup.py only reads, e.g. for its version, is not.)
_RUNNING_CALLS = frozenset({
    "run_path", "run_module", "exec", "execfile", "compile", "import_module", "__import__",
    "spec_from_file_location", "load_source", "check_call", "check_output", "call", "run",
    "Popen", "system", "popen", "getoutput", "getstatusoutput", "spawnv", "spawnve",
    "spawnl", "spawnle", "spawnlp", "spawnvp", "execv", "execve", "execl", "execlp",
})


def _callee(node: ast.Call) -> str:
    func = node.func
    if isinstance(func, ast.Name):
        return func.id
    return func.attr if isinstance(func, ast.Attribute) else ""


def _is_sys_path_call(node: ast.Call) -> bool:
    """`sys.path.insert(0, "tools")`, `sys.path.append(...)`."""
    func = node.func
    return (isinstance(func, ast.Attribute) and func.attr in ("insert", "append")
            and isinstance(func.value, ast.Attribute) and func.value.attr == "path"
            and isinstance(func.value.value, ast.Name) and func.value.value.id == "sys")


def _path_literals(node: ast.AST) -> list[str]:
    """String literals, literal `os.path.join(...)` and `base / "a" / "b"` chains below."""
    found: list[str] = []
    for inner in ast.walk(node):
        if isinstance(inner, ast.Constant) and isinstance(inner.value, str):
            if len(inner.value) < 300:
                found.append(inner.value)
        elif isinstance(inner, ast.Call):
            joined = _literal_join(inner)
            if joined:
                found.append(joined)
        elif isinstance(inner, ast.BinOp) and isinstance(inner.op, ast.Div):
            joined = _literal_path_chain(inner)
            if joined:
                found.append(joined)
    return found


# setup.py commands a build or an install runs; other `cmdclass` entries (`test`, `lint`,
# `upload`, `docs`...) only run when a developer asks for them.
_BUILD_COMMANDS = frozenset({
    "build", "build_py", "build_ext", "build_clib", "build_scripts", "install", "install_lib",
    "install_scripts", "install_data", "install_headers", "install_egg_info", "egg_info",
    "develop", "bdist_wheel", "bdist_egg", "editable_wheel", "dist_info", "sdist",
})


def _developer_commands(module: ast.Module) -> frozenset[str]:
    """Names of classes that `setup(cmdclass={...})` registers for non-build commands."""
    names: set[str] = set()
    for node in ast.walk(module):
        if not (isinstance(node, ast.Call) and _is_setup_call(node)):
            continue
        for keyword in node.keywords:
            if keyword.arg != "cmdclass" or not isinstance(keyword.value, ast.Dict):
                continue
            for key, value in zip(keyword.value.keys, keyword.value.values, strict=True):
                if (isinstance(key, ast.Constant) and isinstance(key.value, str)
                        and key.value not in _BUILD_COMMANDS and isinstance(value, ast.Name)):
                    names.add(value.id)
    return frozenset(names)


def _walk_skipping(module: ast.Module, skipped_classes: frozenset[str]) -> list[ast.AST]:
    """Every node of `module` except the bodies of the classes named in `skipped_classes`."""
    found: list[ast.AST] = []
    stack: list[ast.AST] = [module]
    while stack:
        node = stack.pop()
        found.append(node)
        if isinstance(node, ast.ClassDef) and node.name in skipped_classes:
            continue
        stack.extend(ast.iter_child_nodes(node))
    return found


def _referenced_files(text: str, path: str, tree: _Tree) -> tuple[set[str], set[str]]:
    """Local files an install-time module runs or executes, and those it imports (code in
    developer commands such as `setup.py test` excepted)."""
    try:
        module = parse_module(text)
    except (SyntaxError, ValueError, RecursionError):
        return set(), set()
    here = posixpath.dirname(path)
    search_dirs = {here}
    run: list[str] = []
    imported: list[str] = []
    try:
        for node in _walk_skipping(module, _developer_commands(module)):
            if isinstance(node, ast.Call):
                if _is_sys_path_call(node):
                    for literal in _path_literals(node):
                        directory = _local(here, literal)
                        if directory in tree.dirs:
                            search_dirs.add(directory)
                elif _callee(node) in _RUNNING_CALLS:
                    run.extend(_path_literals(node))
            elif isinstance(node, ast.Import):
                imported.extend(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level <= 1:
                imported.append(node.module)
                imported.extend(f"{node.module}.{alias.name}" for alias in node.names)
    except RecursionError:
        return set(), set()
    ran = {candidate for candidate in (_local(here, literal) for literal in run)
           if candidate in tree.files}
    found: set[str] = set()
    for name in imported:
        parts = name.split(".")
        for directory in search_dirs:
            try:
                base = _join(directory, *parts)
            except _Unknown:
                continue
            for candidate in (f"{base}.py", f"{base}/__init__.py"):
                if candidate in tree.files:
                    found.add(candidate)
    return ran, found


def _local(here: str, literal: str) -> str:
    """A literal path relative to the running file's directory; "" when it leaves the sdist."""
    try:
        return _join(here, literal.replace("\\", "/").strip())
    except _Unknown:
        return ""


def _literal_join(node: ast.Call) -> str | None:
    """`os.path.join("scripts", "x.py")` → "scripts/x.py" (other arguments dropped)."""
    func = node.func
    if not (isinstance(func, ast.Attribute) and func.attr in ("join", "joinpath")):
        return None
    parts = [a.value for a in node.args if isinstance(a, ast.Constant)
             and isinstance(a.value, str)]
    return "/".join(parts) if len(parts) >= 2 else None


def _literal_path_chain(node: ast.BinOp) -> str | None:
    """`here / "scripts" / "x.py"` → "scripts/x.py"."""
    parts: list[str] = []
    current: ast.expr = node
    while isinstance(current, ast.BinOp) and isinstance(current.op, ast.Div):
        right = current.right
        if isinstance(right, ast.Constant) and isinstance(right.value, str):
            parts.append(right.value)
        current = current.left
    if isinstance(current, ast.Constant) and isinstance(current.value, str):
        parts.append(current.value)
    return "/".join(reversed(parts)) if len(parts) >= 2 else None


# -- TOML helpers ------------------------------------------------------------------------------

def _toml(text: str | None) -> Mapping[str, object] | None:
    if not text:
        return None
    try:
        return tomllib.loads(text)
    except (tomllib.TOMLDecodeError, RecursionError):
        raise _Unknown("pyproject.toml does not parse") from None


def _table(doc: Mapping[str, object] | None, *keys: str) -> Mapping[str, object] | None:
    current: object = doc
    for key in keys:
        if not isinstance(current, Mapping):
            return None
        current = current.get(key)
    return current if isinstance(current, Mapping) else None


def _mapping(value: object) -> Mapping[str, object]:
    if not isinstance(value, Mapping):
        raise _Unknown("expected a table")
    return value


def _sequence(value: object) -> Sequence[object]:
    if isinstance(value, str):
        return [value]
    if not isinstance(value, list):
        raise _Unknown("expected a list")
    return value


def _backend(pyproject: Mapping[str, object] | None) -> str | None:
    system = _table(pyproject, "build-system")
    backend = system.get("build-backend") if system else None
    return backend if isinstance(backend, str) else None


def _project_name(pyproject: Mapping[str, object] | None) -> str | None:
    project = _table(pyproject, "project")
    name = project.get("name") if project else None
    return name if isinstance(name, str) else None
