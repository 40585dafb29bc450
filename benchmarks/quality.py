"""Detection quality: recall on malicious samples, blocks and warnings on popular packages.

    python -m benchmarks.quality --malicious-only           # offline (with the look-alikes), ~10 s
    python -m benchmarks.quality --holdout                  # offline: the held-out set only
    python -m benchmarks.benign_sets                        # once, online: lists + downloads
    python -m benchmarks.quality [--limit N] [--jobs N]     # all three sets (benign: online)

What runs: the capdiff engine in-process, exactly as `capdiff inspect` / `capdiff compare` do
(`open_engine` -> `Engine.inspect` / `Engine.compare`, the built-in policy deciding each
alert's action, `decide_verdict` deciding the check), with feeds off (`CAPDIFF_FEEDS=off`),
so only static detection is measured: a sample listed in OSV must not count as caught.

- Malicious set (`benchmarks/datasets/malicious/`): each sample's sdist and/or wheel is built
  in memory and published on a local PEP 691 index on 127.0.0.1 (uploaded a day ago, like a
  fresh package); the sample is inspected as a pull request ADDING it would be. Caught = the
  verdict is `block`. Per expected threat type: was an alert of that type reported at all.
- Held-out set (`benchmarks/datasets/holdout/`, `--holdout`): more malicious samples in the
  same format, written blind to the detectors and never tuned on; run the same way in place
  of the development set and the look-alikes, for a recall that was not fitted.
- Benign look-alikes (`benchmarks/datasets/benign-lookalikes/`): small benign packages shaped
  like threats (code popular projects really ship), published and inspected the same way;
  none should be blocked.
- Popular releases (`popular.txt`): the latest release inspected whole (ADDED) from PyPI.
- Upgrades (`upgrades.txt`): previous release -> latest, compared (UPGRADED).

Each run starts from an empty analysis cache (archives and index pages are kept), so the
figures are those of the analyzer checked out. Time per package is the wall time of one
`inspect`/`compare` call with `--jobs` packages in flight (1 gives clean per-package times).
The markdown table goes to stdout and to `benchmarks/results/quality-<date>.md`.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from packaging.utils import canonicalize_name
from packaging.version import Version

from benchmarks.analyze import reset_to_cold
from benchmarks.benign_sets import (
    DEFAULT_CACHE,
    INDEX_URL,
    Release,
    Upgrade,
    read_popular,
    read_upgrades,
)
from benchmarks.malicious_set import (
    HOLDOUT_DIR,
    LOOKALIKES_DIR,
    THREAT_TYPES,
    Sample,
    build_archives,
    load_samples,
)
from bot.engine import Engine, open_engine
from bot.feeds.settings import FeedSettings
from bot.model import Action, PackageResult, Verdict
from bot.policy import decide_verdict
from tests.fakes.index import FakeIndex
from tests.fakes.server import serve_app

__all__ = ["Outcome", "Report", "format_report", "main", "summarize"]

REPO_ROOT = Path(__file__).resolve().parent.parent
RESULTS = REPO_ROOT / "benchmarks" / "results"

# Issue 8 targets.
TARGET_RECALL = 0.95
TARGET_POPULAR_BLOCKED = 0.02
TARGET_UPGRADES_BLOCKED = 0.01
TARGET_MEDIAN_WARN = 1.0


@dataclass(frozen=True, slots=True, kw_only=True)
class Outcome:
    """One package analyzed: what the check would say, and why."""

    kind: str  # "malicious" | "lookalike" | "added" | "upgrade"
    label: str  # sample id, name==version or name old -> new
    verdict: str  # Verdict value, or "error"
    seconds: float
    # (alert type, action) of every alert, in report order.
    alerts: tuple[tuple[str, str], ...] = ()
    expected: tuple[str, ...] = ()  # malicious: the threat types the sample shows
    error: str = ""

    @property
    def blocked(self) -> bool:
        return self.verdict == Verdict.BLOCK.value

    def types(self, action: str | None = None) -> set[str]:
        return {t for t, a in self.alerts if action is None or a == action}

    @property
    def warns(self) -> int:
        return sum(1 for _, a in self.alerts if a == Action.WARN.value)


def _outcome(kind: str, label: str, result: PackageResult, seconds: float,
             expected: tuple[str, ...] = ()) -> Outcome:
    return Outcome(
        kind=kind,
        label=label,
        verdict=decide_verdict([result]).value,
        seconds=seconds,
        alerts=tuple((a.type.value, a.action.value) for a in result.alerts),
        expected=expected,
    )


async def _timed(kind: str, label: str, call: Callable[[], Awaitable[PackageResult]],
                 expected: tuple[str, ...] = ()) -> Outcome:
    start = time.perf_counter()
    try:
        result = await call()
    except Exception as error:  # noqa: BLE001 (a crash is a result here: named as a miss)
        seconds = time.perf_counter() - start
        return Outcome(kind=kind, label=label, verdict="error", seconds=seconds,
                       expected=expected, error=f"{type(error).__name__}: {error}")
    return _outcome(kind, label, result, time.perf_counter() - start, expected)


async def _gather_limited(jobs: int, calls: Sequence[Callable[[], Awaitable[Outcome]]],
                          progress: str) -> list[Outcome]:
    limit = asyncio.Semaphore(max(1, jobs))
    done = 0

    async def one(call: Callable[[], Awaitable[Outcome]]) -> Outcome:
        nonlocal done
        async with limit:
            outcome = await call()
        done += 1
        mark = "BLOCK" if outcome.blocked else outcome.verdict
        print(f"  [{progress} {done}/{len(calls)}] {outcome.label}: {mark} "
              f"({outcome.seconds:.2f} s)", file=sys.stderr, flush=True)
        return outcome

    return list(await asyncio.gather(*(one(c) for c in calls)))


# ---------------------------------------------------------------------------------------------
# The three sets


@contextmanager
def feeds_off() -> Iterator[None]:
    """Static detection only: the OSV feeds (when this capdiff has them) stay off."""
    previous = os.environ.get("CAPDIFF_FEEDS")
    os.environ["CAPDIFF_FEEDS"] = "off"
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop("CAPDIFF_FEEDS", None)
        else:
            os.environ["CAPDIFF_FEEDS"] = previous


# Static detection only: no OSV feed and none of the index's own advisory list.
FEEDS_OFF = FeedSettings(enabled=False)


def malicious_index(samples: Sequence[Sample]) -> FakeIndex:
    index = FakeIndex()
    uploaded = datetime.now(UTC) - timedelta(days=1)
    for sample in samples:
        index.add(sample.name, sample.version, dict(build_archives(sample)), upload_time=uploaded)
    return index


async def run_malicious(samples: Sequence[Sample], *, jobs: int) -> list[Outcome]:
    index = malicious_index(samples)
    with serve_app(index.app) as base, tempfile.TemporaryDirectory() as cache:
        async with open_engine(index_url=f"{base}/simple", json_api_url=f"{base}/pypi",
                               cache_dir=Path(cache), workers=min(jobs, 2),
                               feeds=FEEDS_OFF) as engine:
            calls = [_inspect_call(engine, "lookalike" if s.benign else "malicious", s.id,
                                   s.name, s.version, expected=s.threats)
                     for s in samples]
            return await _gather_limited(jobs, calls, "offline")


def _inspect_call(engine: Engine, kind: str, label: str, name: str, version: str, *,
                  expected: tuple[str, ...] = ()) -> Callable[[], Awaitable[Outcome]]:
    target = (canonicalize_name(name), Version(version))
    return lambda: _timed(kind, label, lambda: engine.inspect(target), expected)


def _compare_call(engine: Engine, upgrade: Upgrade) -> Callable[[], Awaitable[Outcome]]:
    name = canonicalize_name(upgrade.name)
    old, new = (name, Version(upgrade.old)), (name, Version(upgrade.new))
    label = f"{upgrade.name} {upgrade.old} → {upgrade.new}"
    return lambda: _timed("upgrade", label, lambda: engine.compare(old, new))


async def run_benign(popular: Sequence[Release], upgrades: Sequence[Upgrade], *,
                     cache_dir: Path, jobs: int) -> tuple[list[Outcome], list[Outcome]]:
    engine_cache = cache_dir / "engine"
    reset_to_cold(engine_cache)  # results of the analyzer checked out, not of an older one
    async with open_engine(index_url=INDEX_URL, cache_dir=engine_cache,
                           workers=min(jobs, 2), feeds=FEEDS_OFF) as engine:
        added = await _gather_limited(
            jobs,
            [_inspect_call(engine, "added", f"{r.name}=={r.version}", r.name, r.version)
             for r in popular],
            "popular",
        )
        upgraded = await _gather_limited(jobs, [_compare_call(engine, u) for u in upgrades],
                                         "upgrades")
    return added, upgraded


# ---------------------------------------------------------------------------------------------
# Summary and table


@dataclass(frozen=True, slots=True, kw_only=True)
class SetFigures:
    count: int
    blocked: int
    median_s: float | None
    p90_s: float | None
    errors: int

    @property
    def share(self) -> float | None:
        return self.blocked / self.count if self.count else None


@dataclass(frozen=True, slots=True, kw_only=True)
class TypeRow:
    type: str
    expected: int = 0  # malicious samples that show this threat
    reported: int = 0  # ... where an alert of this type was reported
    malicious_blocks: int = 0  # samples where this type blocked
    popular_blocks: int = 0
    upgrade_blocks: int = 0
    upgrade_warns: int = 0  # warn alerts of this type over all upgrades


@dataclass(frozen=True, slots=True, kw_only=True)
class Report:
    malicious: SetFigures | None
    lookalikes: SetFigures | None
    popular: SetFigures | None
    upgrades: SetFigures | None
    median_warn_per_upgrade: float | None
    blocked_by_threat: int  # malicious samples blocked by a Layer-2 threat alert
    rows: tuple[TypeRow, ...]
    misses: tuple[Outcome, ...]  # malicious samples not blocked
    false_blocks: tuple[Outcome, ...]  # benign packages blocked (look-alikes, popular, upgrades)
    outcomes: tuple[Outcome, ...] = field(default=())


def _percentile(values: Sequence[float], fraction: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def _figures(outcomes: Sequence[Outcome]) -> SetFigures | None:
    if not outcomes:
        return None
    times = [o.seconds for o in outcomes if o.verdict != "error"]
    return SetFigures(
        count=len(outcomes),
        blocked=sum(o.blocked for o in outcomes),
        median_s=statistics.median(times) if times else None,
        p90_s=_percentile(times, 0.9),
        errors=sum(o.verdict == "error" for o in outcomes),
    )


def summarize(outcomes: Sequence[Outcome]) -> Report:
    malicious = [o for o in outcomes if o.kind == "malicious"]
    lookalikes = [o for o in outcomes if o.kind == "lookalike"]
    added = [o for o in outcomes if o.kind == "added"]
    upgrades = [o for o in outcomes if o.kind == "upgrade"]
    block = Action.BLOCK.value
    seen = sorted({t for o in outcomes for t, _ in o.alerts} - set(THREAT_TYPES))
    rows = []
    for kind in (*THREAT_TYPES, *seen):
        rows.append(TypeRow(
            type=kind,
            expected=sum(kind in o.expected for o in malicious),
            reported=sum(kind in o.expected and kind in o.types() for o in malicious),
            malicious_blocks=sum(kind in o.types(block) for o in malicious),
            popular_blocks=sum(kind in o.types(block) for o in added),
            upgrade_blocks=sum(kind in o.types(block) for o in upgrades),
            upgrade_warns=sum(t == kind and a == Action.WARN.value
                              for o in upgrades for t, a in o.alerts),
        ))
    return Report(
        malicious=_figures(malicious),
        lookalikes=_figures(lookalikes),
        popular=_figures(added),
        upgrades=_figures(upgrades),
        median_warn_per_upgrade=statistics.median([o.warns for o in upgrades])
        if upgrades else None,
        blocked_by_threat=sum(bool(o.types(block) & set(THREAT_TYPES)) for o in malicious),
        rows=tuple(rows),
        misses=tuple(o for o in malicious if not o.blocked),
        false_blocks=tuple(o for o in (*lookalikes, *added, *upgrades) if o.blocked),
        outcomes=tuple(outcomes),
    )


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.1f}%"


def _secs(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def _verdict(ok: bool | None) -> str:
    return "–" if ok is None else ("PASS" if ok else "MISS")


def format_report(report: Report, *, header: str = "") -> str:
    lines = [header] if header else []
    lines += [
        "| set | packages | blocked | share blocked | target | | time/package median (s) "
        "| p90 (s) |",
        "|---|---:|---:|---:|---|---|---:|---:|",
    ]
    sets = (
        ("malicious samples (recall)", report.malicious, f"≥ {TARGET_RECALL:.0%}",
         lambda s: s.share is not None and s.share >= TARGET_RECALL),
        ("benign look-alikes, added (offline)", report.lookalikes, "0",
         lambda s: s.blocked == 0),
        ("popular releases, added", report.popular, f"≤ {TARGET_POPULAR_BLOCKED:.0%}",
         lambda s: s.share is not None and s.share <= TARGET_POPULAR_BLOCKED),
        ("popular upgrades", report.upgrades, f"≤ {TARGET_UPGRADES_BLOCKED:.0%}",
         lambda s: s.share is not None and s.share <= TARGET_UPGRADES_BLOCKED),
    )
    for title, figures, target, ok in sets:
        if figures is None:
            lines.append(f"| {title} | not run | | | {target} | | | |")
            continue
        errors = f" ({figures.errors} errors)" if figures.errors else ""
        lines.append(
            f"| {title} | {figures.count}{errors} | {figures.blocked} | {_pct(figures.share)} "
            f"| {target} | {_verdict(ok(figures))} | {_secs(figures.median_s)} "
            f"| {_secs(figures.p90_s)} |"
        )
        if figures is report.malicious:
            lines.append(
                f"| … blocked by a threat alert | | {report.blocked_by_threat} "
                f"| {_pct(report.blocked_by_threat / figures.count)} | | | | |"
            )
    if report.median_warn_per_upgrade is not None:
        quiet = report.median_warn_per_upgrade <= TARGET_MEDIAN_WARN
        lines.append(
            f"| median `warn` alerts per upgrade | | | {report.median_warn_per_upgrade:g} "
            f"| ≤ {TARGET_MEDIAN_WARN:g} | {_verdict(quiet)} | | |"
        )
    lines += [
        "",
        "| alert type | samples showing it | reported | recall (reported) | blocked samples "
        "| popular added blocked | upgrades blocked | warns over upgrades |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in report.rows:
        if not (row.expected or row.malicious_blocks or row.popular_blocks or row.upgrade_blocks
                or row.upgrade_warns or row.reported):
            continue
        recall = _pct(row.reported / row.expected) if row.expected else "–"
        lines.append(
            f"| `{row.type}` | {row.expected or ''} | {row.reported if row.expected else ''} "
            f"| {recall} | {row.malicious_blocks} | {row.popular_blocks} "
            f"| {row.upgrade_blocks} | {row.upgrade_warns} |"
        )
    lines += ["", _misses(report)]
    return "\n".join(lines) + "\n"


def _misses(report: Report) -> str:
    lines = []
    if report.malicious is not None:
        lines.append(f"Malicious samples not blocked ({len(report.misses)}):")
        for miss in report.misses:
            expected = ", ".join(miss.expected)
            raised = ", ".join(f"{t} ({a})" for t, a in sorted(set(miss.alerts))) or "nothing"
            detail = miss.error or f"raised {raised}"
            lines.append(f"- `{miss.label}` (shows {expected}): {miss.verdict}; {detail}")
        if not report.misses:
            lines.append("- none")
        lines.append("")
        unreported = [
            (o.label, sorted(set(o.expected) - o.types()))
            for o in report.outcomes if o.kind == "malicious" and set(o.expected) - o.types()
        ]
        lines.append(f"Expected threat types not reported ({len(unreported)} samples):")
        lines += [f"- `{label}`: {', '.join(types)}" for label, types in unreported] or ["- none"]
        lines.append("")
    if any(f is not None for f in (report.lookalikes, report.popular, report.upgrades)):
        lines.append(f"Benign packages blocked ({len(report.false_blocks)}):")
        for outcome in report.false_blocks:
            blocking = Counter(t for t, a in outcome.alerts if a == Action.BLOCK.value)
            why = ", ".join(f"{t} ×{n}" if n > 1 else t for t, n in sorted(blocking.items()))
            lines.append(f"- {outcome.kind} `{outcome.label}`: {why}")
        if not report.false_blocks:
            lines.append("- none")
        errors = [o for o in report.outcomes if o.kind != "malicious" and o.error]
        if errors:
            lines.append("")
            lines.append(f"Benign packages that could not be analyzed ({len(errors)}):")
            lines += [f"- `{o.label}`: {o.error}" for o in errors]
    return "\n".join(lines)


def _commit() -> str:
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO_ROOT,
                              capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--malicious-only", action="store_true",
                        help="offline: the malicious samples and the benign look-alikes only")
    parser.add_argument("--holdout", action="store_true",
                        help="offline: the held-out malicious set instead of the development "
                             "set and the look-alikes")
    parser.add_argument("--benign-only", action="store_true", help="the two PyPI sets only")
    parser.add_argument("--limit", type=int, default=None, help="first N of each set")
    parser.add_argument("--only", action="append", default=[], help="malicious sample id")
    parser.add_argument("--jobs", type=int, default=2, help="packages analyzed at once")
    parser.add_argument("--cache-dir", type=Path, default=DEFAULT_CACHE)
    parser.add_argument("--output", type=Path, default=None,
                        help="markdown file (default benchmarks/results/quality-<date>.md)")
    parser.add_argument("--no-save", action="store_true", help="print only")
    parser.add_argument("--json", type=Path, default=None,
                        help="also write every package's verdict and alerts to this file")
    args = parser.parse_args(argv)

    limit = slice(None, args.limit)
    outcomes: list[Outcome] = []
    with feeds_off():
        if args.holdout:
            samples = load_samples(HOLDOUT_DIR, only=args.only)[limit]
            outcomes += asyncio.run(run_malicious(samples, jobs=args.jobs))
        elif not args.benign_only:
            samples = load_samples(only=args.only)[limit]
            samples += load_samples(LOOKALIKES_DIR, only=args.only)[limit]
            outcomes += asyncio.run(run_malicious(samples, jobs=args.jobs))
        if not (args.malicious_only or args.holdout):
            popular, upgrades = read_popular()[limit], read_upgrades()[limit]
            if not popular:
                print("no benign sets: run python -m benchmarks.benign_sets first",
                      file=sys.stderr)
                return 2
            added, upgraded = asyncio.run(
                run_benign(popular, upgrades, cache_dir=args.cache_dir, jobs=args.jobs))
            outcomes += added + upgraded

    today = datetime.now(UTC).strftime("%Y-%m-%d")
    which = "held-out set, " if args.holdout else ""
    header = (
        f"# capdiff detection quality, {which}{today} (commit {_commit()}, feeds off, "
        f"--jobs {args.jobs})\n"
    )
    table = format_report(summarize(outcomes), header=header)
    print(table)
    if not args.no_save:
        stem = "quality-holdout" if args.holdout else "quality"
        output = args.output or RESULTS / f"{stem}-{today}.md"
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(table, encoding="utf-8")
        print(f"saved {output}", file=sys.stderr)
    if args.json is not None:
        args.json.write_text(json.dumps([
            {"kind": o.kind, "label": o.label, "verdict": o.verdict, "seconds": round(o.seconds, 4),
             "expected": list(o.expected), "alerts": [list(a) for a in o.alerts], "error": o.error}
            for o in outcomes
        ], indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
