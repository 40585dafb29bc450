"""`capdiff deps` (what manifests declare) and `capdiff deps-diff` (what a change does).

Includes (`-r`/`-c`) of a file on disk are read relative to that file, but never from
outside its root: the git work tree containing the file, or else the file's own directory.
Manifest paths in the output are relative to that root.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from bot.errors import InputError, ManifestError
from bot.gitrepo import git_toplevel, read_file_under
from bot.manifests import decode_manifest, parse_manifest
from bot.manifests.sniff import kind_of_named_file

if TYPE_CHECKING:
    from bot.model import DependencyChange, FileReader, Manifest, ReleaseState

__all__ = ["register"]


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    deps = subparsers.add_parser("deps", help="list the dependencies manifests declare")
    deps.add_argument("files", nargs="+", metavar="FILE")
    deps.add_argument("--format", choices=("json", "text"), default="json")
    deps.set_defaults(handler=run_deps)

    diff = subparsers.add_parser("deps-diff", help="list dependency changes between two states")
    diff.add_argument("files", nargs="*", metavar="FILE", help="BASE_FILE HEAD_FILE")
    diff.add_argument("--repo", type=Path, help="git repository (with --base and --head)")
    diff.add_argument("--base", help="base ref (the PR's target)")
    diff.add_argument("--head", help="head ref (the PR's branch)")
    diff.add_argument("--glob", action="append", default=[], help="extra requirements glob")
    diff.add_argument("--format", choices=("json", "text"), default="json")
    diff.set_defaults(handler=run_deps_diff)


def _fail(message: str) -> int:
    print(f"capdiff: {message}", file=sys.stderr)
    return 2


def _disk_reader(root: Path) -> FileReader:
    def read(path: str) -> str | None:
        data = read_file_under(root, path)
        return None if data is None else decode_manifest(data)

    return read


def _parse_file(file: str) -> Manifest:
    path = Path(file)
    if not path.is_file():
        raise InputError(f"{file}: no such file")
    directory = path.resolve().parent
    root = git_toplevel(directory) or directory
    relative = path.resolve().relative_to(root.resolve()).as_posix()
    read = _disk_reader(root)
    text = read(relative)
    if text is None:
        raise InputError(f"{file}: no such file")
    # Named by the user, so a manifest whatever its name: the repository-relative path
    # decides first (`requirements/base.txt`), then the extension and the content.
    kind = kind_of_named_file(relative, text)
    if kind is None:
        raise InputError(
            f"{file}: not a manifest capdiff reads (requirements .txt/.in, pyproject or lock "
            "TOML, setup.cfg, setup.py, Pipfile, Pipfile.lock)"
        )
    try:
        return parse_manifest(text, path=relative, kind=kind, read=read)
    except ManifestError as error:
        raise InputError(str(error)) from error


def _manifest_json(manifest: Manifest) -> dict[str, object]:
    return {
        "path": manifest.path,
        "kind": manifest.kind.value,
        "dependencies": [
            {
                "name": dep.name,
                "specifier": str(dep.specifier),
                "version": None if dep.version is None else str(dep.version),
                "extras": sorted(dep.extras),
                "marker": None if dep.marker is None else str(dep.marker),
                "group": dep.group,
                "source": dep.source.value,
                "url": dep.url,
                "hashes": sorted(dep.hashes),
                "line": dep.location.line,
                "file": dep.location.path,
            }
            for dep in manifest.dependencies
        ],
        "errors": [{"line": issue.line, "message": issue.message} for issue in manifest.errors],
    }


def _manifest_text(manifest: Manifest) -> list[str]:
    lines = [f"{manifest.path} ({manifest.kind.value})"]
    for dep in manifest.dependencies:
        requirement = dep.name + (f"[{','.join(sorted(dep.extras))}]" if dep.extras else "")
        requirement += str(dep.specifier) if dep.url is None else f" @ {dep.url}"
        if dep.marker is not None:
            requirement += f"; {dep.marker}"
        lines.append(f"  {requirement}  ({dep.group}) {dep.location}")
    lines.extend(f"  error: line {issue.line}: {issue.message}" for issue in manifest.errors)
    return lines


def run_deps(args: argparse.Namespace) -> int:
    try:
        manifests = [_parse_file(file) for file in args.files]
    except (InputError, OSError) as error:
        return _fail(str(error))
    if args.format == "json":
        print(json.dumps({"manifests": [_manifest_json(m) for m in manifests]}, indent=2))
    else:
        for manifest in manifests:
            print("\n".join(_manifest_text(manifest)))
    return 0


def _state_json(state: ReleaseState | None) -> dict[str, object] | None:
    if state is None:
        return None
    return {
        "version": None if state.version is None else str(state.version),
        "specifier": str(state.specifier),
    }


def _state_text(state: ReleaseState | None) -> str:
    if state is None:
        return "-"
    if state.version is not None:
        return str(state.version)
    if state.url is not None:
        return state.url
    return str(state.specifier) or "(any)"


def change_line(change: DependencyChange) -> str:
    """`requests 2.31.0 → 2.32.3 (upgraded) requirements.txt:3`."""
    where = " ".join(str(location) for location in change.locations)
    if change.old is None:
        middle = _state_text(change.new)
    elif change.new is None:
        middle = _state_text(change.old)
    else:
        middle = f"{_state_text(change.old)} → {_state_text(change.new)}"
    return f"{change.name} {middle} ({change.kind.value}) {where}".rstrip()


def _print_changes(changes: Sequence[DependencyChange], output_format: str) -> None:
    if output_format == "text":
        for change in changes:
            print(change_line(change))
        return
    payload = {
        "changes": [
            {
                "name": change.name,
                "change": change.kind.value,
                "old": _state_json(change.old),
                "new": _state_json(change.new),
                "manifest": change.locations[0].path if change.locations else None,
                "line": change.locations[0].line if change.locations else None,
            }
            for change in changes
        ]
    }
    print(json.dumps(payload, indent=2, ensure_ascii=False))


def run_deps_diff(args: argparse.Namespace) -> int:
    try:
        if args.repo is not None:
            if args.files or not args.base or not args.head:
                return _fail("use either BASE_FILE HEAD_FILE or --repo PATH --base REF --head REF")
            changes = _diff_repo(args.repo, args.base, args.head, args.glob)
        else:
            if len(args.files) != 2 or args.base or args.head:
                return _fail("deps-diff needs BASE_FILE HEAD_FILE, or --repo, --base and --head")
            from bot.diff import diff_dependencies

            base, head = (_parse_file(file) for file in args.files)
            changes = diff_dependencies([base], [head])
    except (InputError, OSError) as error:
        return _fail(str(error))
    _print_changes(changes, args.format)
    return 0


def _diff_repo(
    path: Path, base: str, head: str, extra_globs: Sequence[str]
) -> tuple[DependencyChange, ...]:
    from bot.diff import diff_dependencies
    from bot.gitrepo import GitRepo
    from bot.manifests.collect import read_manifests, select_manifests

    repo = GitRepo(path)
    base_commit = repo.merge_base(base, head)
    changed = repo.changed_paths(base, head)
    read_base, read_head = repo.reader(base_commit), repo.reader(head)
    selected = select_manifests(
        changed,
        base_files=repo.list_files(base_commit),
        head_files=repo.list_files(head),
        read_base=read_base,
        read_head=read_head,
        extra_globs=extra_globs,
    )
    return diff_dependencies(
        read_manifests(selected, read_base), read_manifests(selected, read_head)
    )
