"""How loud is capdiff on a real, benign, large requirements change? (needs PyPI)

    python benchmarks/real_prs.py [--code LABEL=DIR ...] [--dataset NAME] [--warm]

Each data set under `benchmarks/datasets/real_pr/NAME/` is a `base/` and a `head/` tree of
real public manifests (`SOURCE.md` says which repository and commit; a `.gz` file is stored
compressed and unpacked without its suffix). For each, a git repository is built in a
temporary directory with one commit per tree, and `capdiff scan` runs on it as a user would
(`python -m bot scan --format json`, then `--format markdown` for the comment), with the
`bot` package taken from each `--code` directory (default: this checkout), so one run
compares two versions of capdiff (e.g. `--code main=/path/to/main --code branch=.`).

Printed per (data set, code): changed packages; packages whose strongest alert blocks /
warns; block and warn alerts; the comment's characters and `<details>` sections; packages
listed in the comment's table vs summarized; seconds for the JSON scan.

Caching: archives and index responses are kept in `benchmarks/.cache/real_pr/` (shared by
every code version, so the second run is offline apart from index pages); the analysis cache
is per code label and deleted before the timed scan unless `--warm`, so "seconds" is a cold
analysis of archives already on disk.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATASETS = ROOT / "benchmarks" / "datasets" / "real_pr"
CACHE = ROOT / "benchmarks" / ".cache" / "real_pr"
_REST_LINE = re.compile(r"^(\d+) more changed packages?, nothing to review", re.MULTILINE)


@dataclass(frozen=True, slots=True, kw_only=True)
class Row:
    dataset: str
    code: str
    changed: int
    blocking_packages: int
    warning_packages: int
    block_alerts: int
    warn_alerts: int
    comment_chars: int
    details: int
    listed: int
    summarized: int
    seconds: float
    incomplete: int


def _git(repo: Path, *args: str) -> str:
    result = subprocess.run(
        ["git", "-c", "user.name=bench", "-c", "user.email=bench@example.invalid",
         "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false", *args],
        cwd=repo, capture_output=True, check=True, text=True)
    return result.stdout.strip()


def _tree(source: Path) -> dict[str, bytes]:
    files = {}
    for path in sorted(source.rglob("*")):
        if path.is_file():
            relative = path.relative_to(source).as_posix()
            data = path.read_bytes()
            if relative.endswith(".gz"):
                relative, data = relative.removesuffix(".gz"), gzip.decompress(data)
            files[relative] = data
    return files


def _repository(where: Path, base: dict[str, bytes], head: dict[str, bytes]
                ) -> tuple[str, str]:
    _git(where, "init", "-q")
    refs = []
    for tree in (base, head):
        _git(where, "rm", "-rq", "--ignore-unmatch", ".")
        for relative, data in tree.items():
            target = where / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        _git(where, "add", "-A")
        _git(where, "commit", "-q", "--allow-empty", "-m", "manifests")
        refs.append(_git(where, "rev-parse", "HEAD"))
    return refs[0], refs[1]


def _cache_for(label: str, *, warm: bool) -> Path:
    shared = CACHE / "archives"
    shared.mkdir(parents=True, exist_ok=True)
    own = CACHE / f"code-{label}"
    own.mkdir(parents=True, exist_ok=True)
    link = own / "archives"
    if not link.exists():
        link.symlink_to(shared, target_is_directory=True)
    if not warm:
        for leftover in own.glob("analysis.sqlite*"):
            leftover.unlink()
    return own


def _scan(code: Path, repo: Path, refs: tuple[str, str], cache: Path, fmt: str
          ) -> tuple[str, float]:
    env = {**os.environ, "PYTHONPATH": str(code)}
    command = [sys.executable, "-m", "bot", "scan", "--repo", str(repo), "--base", refs[0],
               "--head", refs[1], "--format", fmt, "--cache-dir", str(cache)]
    start = time.perf_counter()
    result = subprocess.run(command, cwd=code, env=env, capture_output=True, text=True,
                            check=False)
    elapsed = time.perf_counter() - start
    # Exit 1 means "something blocks", but an uncaught error exits 1 too: empty output tells.
    if result.returncode not in (0, 1) or not result.stdout.strip():
        raise SystemExit(f"scan failed ({result.returncode}):\n{result.stderr[-3000:]}")
    return result.stdout, elapsed


def measure(dataset: Path, label: str, code: Path, *, warm: bool, keep: Path | None) -> Row:
    base, head = _tree(dataset / "base"), _tree(dataset / "head")
    cache = _cache_for(label, warm=warm)
    with tempfile.TemporaryDirectory(prefix="capdiff-real-pr-") as tmp:
        repo = Path(tmp)
        refs = _repository(repo, base, head)
        document, seconds = _scan(code, repo, refs, cache, "json")
        comment, _ = _scan(code, repo, refs, cache, "markdown")
    if keep is not None:
        keep.mkdir(parents=True, exist_ok=True)
        (keep / f"{dataset.name}-{label}.json").write_text(document, encoding="utf-8")
        (keep / f"{dataset.name}-{label}.md").write_text(comment, encoding="utf-8")
    scan = json.loads(document)
    packages = scan["packages"]
    strongest = []
    for package in packages:
        actions = {alert["action"] for alert in package["alerts"]}
        strongest.append("block" if "block" in actions else "warn" if "warn" in actions
                         else "other")
    actions = [alert["action"] for package in packages for alert in package["alerts"]]
    listed = sum(1 for line in comment.splitlines() if line.startswith("| **"))
    rest = _REST_LINE.search(comment)
    return Row(
        dataset=dataset.name,
        code=label,
        changed=len(packages),
        blocking_packages=strongest.count("block"),
        warning_packages=strongest.count("warn"),
        block_alerts=actions.count("block"),
        warn_alerts=actions.count("warn"),
        comment_chars=len(comment.rstrip("\n")),
        details=comment.count("<details>"),
        listed=listed,
        summarized=int(rest.group(1)) if rest else 0,
        seconds=seconds,
        incomplete=sum(1 for package in packages if package["incomplete_reasons"]),
    )


def table(rows: list[Row]) -> str:
    lines = [
        "| data set | code | changed | pkgs block | pkgs warn | block alerts | warn alerts "
        "| comment chars | `<details>` | listed | summarized | incomplete | scan s |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    lines.extend(
        f"| {r.dataset} | {r.code} | {r.changed} | {r.blocking_packages} | "
        f"{r.warning_packages} | {r.block_alerts} | {r.warn_alerts} | {r.comment_chars:,} | "
        f"{r.details} | {r.listed} | {r.summarized} | {r.incomplete} | {r.seconds:.1f} |"
        for r in rows
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--code", action="append", default=[],
                        help="LABEL=DIR: a checkout whose `bot` package runs (repeatable)")
    parser.add_argument("--dataset", action="append", default=[],
                        help="a directory name under benchmarks/datasets/real_pr (default all)")
    parser.add_argument("--warm", action="store_true", help="keep the analysis cache")
    parser.add_argument("--keep", type=Path, default=None,
                        help="write each scan's JSON and comment into this directory")
    args = parser.parse_args(argv)
    codes = []
    for item in args.code or [f"this={ROOT}"]:
        label, sep, directory = item.partition("=")
        if not sep or not label.isidentifier():
            parser.error(f"--code expects LABEL=DIR, got {item!r}")
        codes.append((label, Path(directory).resolve()))
    names = args.dataset or sorted(p.name for p in DATASETS.iterdir() if p.is_dir())
    if shutil.which("git") is None:
        parser.error("git is needed to build the repositories")
    rows = [measure(DATASETS / name, label, code, warm=args.warm, keep=args.keep)
            for name in names for label, code in codes]
    print(table(rows))
    print()
    print(targets(rows))
    if len(codes) == 2:
        print()
        print(side_by_side(rows, codes[0][0], codes[1][0]))
    return 0


def side_by_side(rows: list[Row], before: str, after: str) -> str:
    """One line per data set: packages blocking / warning, comment characters and sections,
    before → after."""
    lines = [f"| data set | changed | pkgs block {before} → {after} | pkgs warn | warn alerts "
             "| comment chars | `<details>` | listed + summarized |",
             "|---|---|---|---|---|---|---|---|"]
    by_key = {(r.dataset, r.code): r for r in rows}
    for dataset in dict.fromkeys(r.dataset for r in rows):
        old, new = by_key.get((dataset, before)), by_key.get((dataset, after))
        if old is None or new is None:
            continue
        lines.append(
            f"| {dataset} | {new.changed} | {old.blocking_packages} → {new.blocking_packages} "
            f"| {old.warning_packages} → {new.warning_packages} "
            f"| {old.warn_alerts} → {new.warn_alerts} "
            f"| {old.comment_chars:,} → {new.comment_chars:,} | {old.details} → {new.details} "
            f"| {old.listed} + {old.summarized} → {new.listed} + {new.summarized} |")
    return "\n".join(lines)


def targets(rows: list[Row]) -> str:
    """Issue 9's targets on benign pull requests, per code version."""
    lines = ["| code | pairs | pairs with a block | packages warning / changed | "
             "comments over 10,000 chars |", "|---|---|---|---|---|"]
    for code in dict.fromkeys(r.code for r in rows):
        mine = [r for r in rows if r.code == code]
        warned = sum(r.warning_packages + r.blocking_packages for r in mine)
        changed = sum(r.changed for r in mine)
        share = f"{warned} / {changed} ({warned / changed:.0%})" if changed else "0 / 0"
        lines.append(
            f"| {code} | {len(mine)} | {sum(1 for r in mine if r.blocking_packages)} "
            f"(target 0) | {share} (target ≤ 10%) | "
            f"{sum(1 for r in mine if r.comment_chars > 10_000)} (target 0) |")
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
