"""Read files and changed paths from a local git repository (adapter; runs `git` only).

Nothing from the repository runs: hooks are pointed at /dev/null, fsmonitor is off, and
files are read with `git cat-file` (no filters, no textconv). Every failure becomes an
`InputError` with a one-line message.

Besides commits, the staged state (the index, what `git commit` would record; read as
`git cat-file blob :path`) and the working tree (files on disk, never through a link that
leaves the work tree) can be the "head" side of a comparison: that is what a pre-commit
hook and `capdiff scan` without `--head` check.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from bot.errors import InputError
from bot.manifests import MAX_MANIFEST_BYTES, decode_manifest
from bot.model import FileReader

__all__ = ["GitRepo", "git_toplevel", "read_file_under"]

_GIT = (
    "git",
    "-c",
    "core.hooksPath=/dev/null",
    "-c",
    "core.fsmonitor=false",
    "-c",
    "diff.external=",
    "--no-optional-locks",
)
_TIMEOUT_SECONDS = 60


def _run(
    repo: Path, *args: str, timeout: float = _TIMEOUT_SECONDS
) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(
            [*_GIT, "-C", str(repo), *args],
            capture_output=True,
            check=False,
            timeout=timeout,
        )
    except FileNotFoundError as error:
        raise InputError("git is not installed or not on PATH") from error
    except subprocess.TimeoutExpired as error:
        raise InputError(f"git {args[0]} timed out after {timeout:g}s") from error


def _stderr(result: subprocess.CompletedProcess[bytes]) -> str:
    lines = result.stderr.decode("utf-8", "replace").strip().splitlines()
    return lines[0] if lines else f"exit status {result.returncode}"


def _names(output: bytes) -> list[str]:
    return [p for p in output.decode("utf-8", "surrogateescape").split("\0") if p]


def _check_relative(path: str) -> None:
    if not path or path.startswith("/") or ".." in path.split("/"):
        raise InputError(f"{path}: path outside the repository")


def read_file_under(root: Path, path: str) -> bytes | None:
    """`root/path` from disk, None when it is not a file; refuses a path (or a link) that
    leads outside `root`, and files over the manifest size limit."""
    _check_relative(path)
    resolved_root = root.resolve()
    target = (resolved_root / path).resolve()
    if not target.is_relative_to(resolved_root):
        raise InputError(f"{path}: outside {resolved_root}")
    if not target.is_file():
        return None
    size = target.stat().st_size
    if size > MAX_MANIFEST_BYTES:
        raise InputError(
            f"{path}: {size} bytes is over the {MAX_MANIFEST_BYTES}-byte limit for a manifest"
        )
    try:
        return target.read_bytes()
    except OSError as error:
        raise InputError(f"{path}: {error.strerror or error}") from error


def git_toplevel(directory: Path) -> Path | None:
    """The work tree root containing `directory`, or None when it is not in a repository."""
    if not directory.is_dir():
        return None
    result = _run(directory, "rev-parse", "--show-toplevel")
    if result.returncode != 0:
        return None
    return Path(result.stdout.decode("utf-8", "replace").strip())


class GitRepo:
    def __init__(self, path: Path) -> None:
        if not path.is_dir():
            raise InputError(f"{path}: not a directory")
        result = _run(path, "rev-parse", "--git-dir")
        if result.returncode != 0:
            raise InputError(f"{path}: not a git repository")
        self.path = path
        self._top: Path | None = None

    def resolve(self, ref: str) -> str:
        """The commit id `ref` names."""
        if ref.startswith("-"):
            raise InputError(f"bad git ref {ref!r}")
        result = _run(
            self.path, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}"
        )
        if result.returncode != 0:
            raise InputError(f"bad git ref {ref!r}: not a commit in {self.path}")
        return result.stdout.decode().strip()

    def changed_paths(self, base: str, head: str) -> list[str]:
        """Paths changed on `head` since its merge base with `base` (as a pull request shows).

        Renames are listed as a deletion plus an addition, so both old and new paths appear.
        """
        base_id, head_id = self.resolve(base), self.resolve(head)
        return self._diff_names(self.path, f"{base_id}...{head_id}", what=f"{base}...{head}")

    def merge_base(self, base: str, head: str) -> str:
        result = _run(self.path, "merge-base", self.resolve(base), self.resolve(head))
        if result.returncode != 0:
            raise InputError(f"{base} and {head} have no common ancestor")
        return result.stdout.decode().strip()

    def list_files(self, ref: str) -> list[str]:
        result = _run(self.path, "ls-tree", "-r", "--name-only", "-z", self.resolve(ref))
        if result.returncode != 0:
            raise InputError(f"git ls-tree {ref} failed: {_stderr(result)}")
        return [p for p in result.stdout.decode("utf-8", "surrogateescape").split("\0") if p]

    def read_file(self, ref: str, path: str) -> bytes | None:
        """The blob at `ref:path`, None when absent (or not a file); refuses oversized ones.

        An empty `ref` reads the index (the staged version).
        """
        _check_relative(path)
        spec = f"{ref}:{path}"
        kind = _run(self.path, "cat-file", "-t", spec)
        if kind.returncode != 0 or kind.stdout.strip() != b"blob":
            return None
        size = _run(self.path, "cat-file", "-s", spec)
        if size.returncode != 0:
            raise InputError(f"cannot read {spec}: {_stderr(size)}")
        if int(size.stdout.strip()) > MAX_MANIFEST_BYTES:
            raise InputError(
                f"{path}: {int(size.stdout.strip())} bytes is over the "
                f"{MAX_MANIFEST_BYTES}-byte limit for a manifest"
            )
        blob = _run(self.path, "cat-file", "blob", spec)
        if blob.returncode != 0:
            raise InputError(f"cannot read {spec}: {_stderr(blob)}")
        return blob.stdout

    def has_commit(self, sha: str) -> bool:
        result = _run(self.path, "cat-file", "-e", f"{sha}^{{commit}}")
        return result.returncode == 0

    def fetch_commits(self, *shas: str, remote: str = "origin") -> None:
        """Fetches the commits this clone lacks (a CI checkout is often one commit deep),
        with their history, so that a merge base can be found."""
        missing = [sha for sha in shas if not self.has_commit(sha)]
        if not missing and not self._is_shallow():
            return
        # By id first (GitHub serves any reachable commit, a fork's PR head included);
        # servers that refuse unadvertised ids get a plain fetch of their branches.
        attempts = [[remote, *missing], [remote]] if missing else [[remote]]
        result = None
        for attempt in attempts:
            options = ["--quiet", "--no-tags", "--no-recurse-submodules"]
            if self._is_shallow():
                options.append("--unshallow")
            result = _run(self.path, "fetch", *options, *attempt, timeout=600)
            if result.returncode == 0 and all(self.has_commit(sha) for sha in shas):
                return
        assert result is not None
        raise InputError(
            f"git fetch {remote} failed: {_stderr(result)}"
            if result.returncode != 0
            else f"{', '.join(missing)}: not found on {remote}"
        )

    def _is_shallow(self) -> bool:
        result = _run(self.path, "rev-parse", "--is-shallow-repository")
        return result.stdout.strip() == b"true"

    def changed_paths_staged(self, base: str) -> list[str]:
        """Paths whose staged version differs from `base` (a commit)."""
        return self._diff_names(self.top, "--cached", self.resolve(base), what=base)

    def changed_paths_worktree(self, base: str) -> list[str]:
        """Paths whose working-tree version differs from `base`, plus untracked files
        that `.gitignore` does not exclude (a new manifest not yet added)."""
        changed = self._diff_names(self.top, self.resolve(base), what=base)
        result = _run(self.top, "ls-files", "-z", "--others", "--exclude-standard")
        if result.returncode != 0:
            raise InputError(f"git ls-files failed: {_stderr(result)}")
        return sorted({*changed, *_names(result.stdout)})

    def _diff_names(self, cwd: Path, *revisions: str, what: str) -> list[str]:
        result = _run(
            cwd,
            "diff",
            "--name-only",
            "-z",
            "--no-renames",
            "--no-relative",  # names from the top, whatever the repository's diff.relative
            "--no-ext-diff",
            "--no-textconv",
            *revisions,
            "--",
        )
        if result.returncode != 0:
            raise InputError(f"git diff {what} failed: {_stderr(result)}")
        return _names(result.stdout)

    def list_staged_files(self) -> list[str]:
        result = _run(self.top, "ls-files", "-z", "--cached")
        if result.returncode != 0:
            raise InputError(f"git ls-files failed: {_stderr(result)}")
        return _names(result.stdout)

    def list_worktree_files(self) -> list[str]:
        result = _run(self.top, "ls-files", "-z", "--cached", "--others", "--exclude-standard")
        if result.returncode != 0:
            raise InputError(f"git ls-files failed: {_stderr(result)}")
        return [p for p in _names(result.stdout) if (self.top / p).is_file()]

    def read_staged(self, path: str) -> bytes | None:
        """The staged blob of `path` (what the next commit records), None when not staged."""
        return self.read_file("", path)

    def read_worktree(self, path: str) -> bytes | None:
        """The file on disk, None when absent; a link out of the work tree is refused."""
        return read_file_under(self.top, path)

    @property
    def top(self) -> Path:
        """The work tree's root (paths from git are relative to it)."""
        if self._top is None:
            result = _run(self.path, "rev-parse", "--show-toplevel")
            if result.returncode != 0 or not result.stdout.strip():
                raise InputError(f"{self.path}: no work tree (a bare repository?)")
            self._top = Path(result.stdout.decode("utf-8", "surrogateescape").strip())
        return self._top

    def reader(self, ref: str) -> FileReader:
        """A FileReader over the tree of `ref` (resolved once)."""
        commit = self.resolve(ref)

        def read(path: str) -> str | None:
            data = self.read_file(commit, path)
            return None if data is None else decode_manifest(data)

        return read
