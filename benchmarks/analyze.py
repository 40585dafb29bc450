"""capdiff's release analyzer beside DataDog GuardDog, on the same archives, in one run.

    python benchmarks/analyze.py --download          # once, needs the network (PyPI)
    python benchmarks/analyze.py [--repeat N] [--only NAME] [--skip-guarddog] [--jobs N]

What is compared, per package upgrade old -> new:
- capdiff: `engine.compare((name, old), (name, new))`, timed in-process with perf_counter
  around the call alone. "Cold" = a fresh `analysis.sqlite` (deleted first) while the
  archives and index responses are already in the engine's cache directory (the one-off
  download is not timed). "Warm" = a new engine on the same cache directory, run again.
  Each measurement runs in its own child process so its peak memory can be read.
- capdiff CLI: wall time of `python -m bot compare ... --format json`, cold, interpreter
  start included (for honesty; the in-process number is what a long-running bot pays).
- GuardDog: `guarddog pypi scan <archive> --output-format json` on the NEW release's sdist
  and on its wheel (one archive per call), the two wall times summed. GuardDog analyzes one
  release; capdiff analyzes both releases and diffs them, so capdiff does at least as much work.
  GuardDog also tries to refresh its typosquatting lists over the network at start; offline
  those attempts fail fast (DNS) and are part of its time, as they would be in CI.

Peak RSS: a sampler thread sums VmRSS over the measured child and all its descendants (the
engine may use a process pool) every 10 ms, and the child reports its own VmHWM plus the
largest reaped worker's ru_maxrss; the table shows the larger of the sampled tree sum and
the child's own high-water mark. The sum over the tree is what the machine must provide.

Medians over `--repeat N` runs; both tools are run interleaved per package because shared
machines are noisy.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import hashlib
import json
import os
import re
import resource
import sqlite3
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from packaging.utils import parse_wheel_filename
from packaging.version import Version

__all__ = [
    "PAIRS",
    "Artifact",
    "Measurement",
    "Pair",
    "Summary",
    "choose_artifacts",
    "format_report",
    "main",
    "summarize",
]

REPO_ROOT = Path(__file__).resolve().parent.parent
CACHE = REPO_ROOT / "benchmarks" / ".cache"
INDEX_URL = "https://pypi.org/simple"
PROJECT_JSON = "https://pypi.org/pypi/{name}/json"
GUARDDOG = Path("/work/gdvenv/bin/guarddog")

# Targets the README promises; each is reported PASS or MISS.
TARGET_TOTAL_RATIO = 5.0
TARGET_MEDIAN_RATIO = 10.0
TARGET_WARM_RATIO = 100.0
TARGET_PEAK_RSS_MB = 512.0


@dataclass(frozen=True, slots=True, kw_only=True)
class Pair:
    name: str
    old: str
    new: str
    big: bool = False  # the >= 50 MB wheel whose peak RSS is checked


PAIRS: tuple[Pair, ...] = (
    Pair(name="requests", old="2.31.0", new="2.32.3"),
    Pair(name="urllib3", old="2.2.1", new="2.2.3"),
    Pair(name="certifi", old="2024.2.2", new="2024.8.30"),
    Pair(name="charset-normalizer", old="3.3.2", new="3.4.0"),
    Pair(name="idna", old="3.7", new="3.10"),
    Pair(name="six", old="1.16.0", new="1.17.0"),
    Pair(name="python-dateutil", old="2.8.2", new="2.9.0.post0"),
    Pair(name="pyyaml", old="6.0.1", new="6.0.2"),
    Pair(name="attrs", old="23.2.0", new="24.2.0"),
    Pair(name="packaging", old="24.0", new="24.2"),
    Pair(name="setuptools", old="69.5.1", new="75.6.0"),
    Pair(name="pip", old="24.0", new="24.3.1"),
    Pair(name="click", old="8.1.7", new="8.1.8"),
    Pair(name="jinja2", old="3.1.3", new="3.1.4"),
    Pair(name="markupsafe", old="2.1.5", new="3.0.2"),
    Pair(name="flask", old="3.0.3", new="3.1.0"),
    Pair(name="werkzeug", old="3.0.3", new="3.1.3"),
    Pair(name="django", old="5.0.6", new="5.1.4"),
    Pair(name="botocore", old="1.35.0", new="1.35.80"),
    Pair(name="rich", old="13.7.1", new="13.9.4"),
    Pair(name="pydantic", old="2.7.4", new="2.10.3"),
    Pair(name="httpx", old="0.27.0", new="0.28.1"),
    Pair(name="anyio", old="4.4.0", new="4.7.0"),
    Pair(name="tqdm", old="4.66.4", new="4.67.1"),
    Pair(name="pytest", old="8.2.2", new="8.3.4"),
    Pair(name="sqlalchemy", old="2.0.30", new="2.0.36"),
    Pair(name="aiohttp", old="3.9.5", new="3.11.10"),
    Pair(name="fastapi", old="0.111.0", new="0.115.6"),
    Pair(name="starlette", old="0.37.2", new="0.41.3"),
    Pair(name="numpy", old="1.26.4", new="2.2.0"),
    Pair(name="pandas", old="2.2.2", new="2.2.3"),
    # 55 MB manylinux wheels (sdists ~1 MB): the peak-RSS check.
    Pair(name="xgboost", old="3.4.0", new="3.4.1", big=True),
)


@dataclass(frozen=True, slots=True)
class Layout:
    """Where the one-off downloads live (git-ignored)."""

    root: Path

    @property
    def archives(self) -> Path:  # what GuardDog scans, by file name
        return self.root / "archives"

    @property
    def engine_cache(self) -> Path:  # capdiff's cache_dir: archives/, analysis.sqlite
        return self.root / "engine"

    @property
    def manifest(self) -> Path:  # name==version -> chosen files with sha256
        return self.root / "manifest.json"


@dataclass(frozen=True, slots=True, kw_only=True)
class Artifact:
    filename: str
    url: str
    sha256: str
    size: int
    kind: str  # "sdist" or "wheel"


# --- choosing and downloading archives (network) -----------------------------------------


def _cpython_rank(filename: str) -> tuple[int, int] | None:
    """(is-manylinux-x86_64 CPython wheel, CPython minor version) or None if unusable."""
    _, _, _, tags = parse_wheel_filename(filename)
    best: tuple[int, int] | None = None
    for tag in tags:
        if "manylinux" not in tag.platform or not tag.platform.endswith("x86_64"):
            continue
        match = re.fullmatch(r"cp3(\d+)", tag.interpreter)
        if tag.interpreter.startswith("py3"):
            rank = (1, 0)
        elif match and not tag.abi.endswith("t"):  # skip free-threaded builds
            rank = (1, int(match.group(1)))
        else:
            continue
        best = rank if best is None or rank > best else best
    return best


def choose_artifacts(files: Iterable[dict[str, object]], page_url: str) -> list[Artifact]:
    """The sdist and one wheel: pure Python if any, else manylinux x86_64, newest CPython."""
    sdists: list[Artifact] = []
    pure: list[Artifact] = []
    binary: list[tuple[tuple[int, int], Artifact]] = []
    for entry in files:
        filename = str(entry["filename"])
        digests = entry.get("digests")
        sha256 = str(digests.get("sha256", "")) if isinstance(digests, dict) else ""
        size = entry.get("size")
        artifact = Artifact(
            filename=filename,
            url=urllib.parse.urljoin(page_url, str(entry["url"])),
            sha256=sha256,
            size=size if isinstance(size, int) else 0,
            kind="sdist" if entry.get("packagetype") == "sdist" else "wheel",
        )
        if artifact.kind == "sdist":
            sdists.append(artifact)
        elif filename.endswith(".whl"):
            if filename.endswith("-none-any.whl"):
                pure.append(artifact)
            elif (rank := _cpython_rank(filename)) is not None:
                binary.append((rank, artifact))
    chosen = sdists[:1]
    if pure:
        chosen.append(pure[0])
    elif binary:
        chosen.append(max(binary, key=lambda item: item[0])[1])
    return chosen


def _fetch_json(url: str) -> dict[str, object]:
    request = urllib.request.Request(url, headers={"Accept": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        data: dict[str, object] = json.load(response)
    return data


def _download(artifact: Artifact, layout: Layout) -> str:
    target = layout.archives / artifact.filename
    if target.exists() and _sha256(target) == artifact.sha256:
        return f"cached {artifact.filename}"
    partial = target.with_suffix(target.suffix + ".part")
    digest = hashlib.sha256()
    with urllib.request.urlopen(artifact.url, timeout=120) as response, partial.open("wb") as out:
        while chunk := response.read(1 << 20):
            digest.update(chunk)
            out.write(chunk)
    if digest.hexdigest() != artifact.sha256:
        partial.unlink()
        raise ValueError(f"{artifact.filename}: sha256 mismatch")
    partial.replace(target)
    return f"downloaded {artifact.filename} ({artifact.size / 2**20:.1f} MB)"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        while chunk := file.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def download(pairs: Sequence[Pair], jobs: int, layout: Layout) -> int:
    """NETWORK. Fetch both releases' archives, then warm capdiff's archive and index cache."""
    layout.archives.mkdir(parents=True, exist_ok=True)
    manifest = _load_manifest(layout)
    wanted: list[Artifact] = []
    failures = 0
    for pair in pairs:
        page = PROJECT_JSON.format(name=pair.name)
        try:
            project = _fetch_json(page)
        except (urllib.error.URLError, OSError, ValueError) as error:
            print(f"{pair.name}: cannot read {page}: {error}", file=sys.stderr)
            failures += 1
            continue
        releases = project.get("releases")
        for version in (pair.old, pair.new):
            files = releases.get(version) if isinstance(releases, dict) else None
            if not isinstance(files, list):
                print(f"{pair.name} {version}: no such release on PyPI", file=sys.stderr)
                failures += 1
                continue
            chosen = choose_artifacts(files, page)
            manifest[f"{pair.name}=={version}"] = [
                {"filename": a.filename, "sha256": a.sha256, "size": a.size, "kind": a.kind}
                for a in chosen
            ]
            wanted.extend(chosen)
    layout.manifest.write_text(json.dumps(manifest, indent=1, sort_keys=True))
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        futures = [pool.submit(_download, artifact, layout) for artifact in wanted]
        for artifact, future in zip(wanted, futures, strict=True):
            try:
                print(future.result())
            except (urllib.error.URLError, OSError, ValueError) as error:
                print(f"{artifact.filename}: {error}", file=sys.stderr)
                failures += 1
    # capdiff downloads through its own client into its own cache (archives by sha256):
    # seed it with what was just fetched, then one untimed compare per pair fills the
    # index responses and any archive capdiff chooses differently.
    seed_engine_archives(wanted, layout)
    if not _engine_available():
        print("bot/engine.py not found: capdiff's own cache not warmed", file=sys.stderr)
        return 1 if failures else 0
    for pair in pairs:
        outcome = _run_child(pair, cold=False, layout=layout)
        print(f"capdiff cache {pair.name}: {outcome.error or 'ready'}")
        failures += outcome.error is not None
    return 1 if failures else 0


def seed_engine_archives(artifacts: Iterable[Artifact], layout: Layout) -> None:
    target_dir = layout.engine_cache / "archives"
    target_dir.mkdir(parents=True, exist_ok=True)
    for artifact in artifacts:
        source = layout.archives / artifact.filename
        target = target_dir / artifact.sha256
        if source.exists() and not target.exists():
            os.link(source, target)


def engine_unused(pair: Pair, version: str, layout: Layout, since: float) -> list[str]:
    """Archives GuardDog scans that capdiff did not read since `since` (it chose another).

    capdiff's archive cache touches a file's mtime on every read.
    """
    entries = _load_manifest(layout).get(f"{pair.name}=={version}", [])
    unused: list[str] = []
    for entry in entries:
        path = layout.engine_cache / "archives" / str(entry["sha256"])
        if not path.exists() or path.stat().st_mtime < since:
            unused.append(f"capdiff did not analyze {entry['filename']} (it chose another file)")
    return unused


def _load_manifest(layout: Layout) -> dict[str, list[dict[str, object]]]:
    if not layout.manifest.exists():
        return {}
    data: dict[str, list[dict[str, object]]] = json.loads(layout.manifest.read_text())
    return data


def local_archives(pair: Pair, version: str, layout: Layout) -> tuple[list[Path], list[str]]:
    """The downloaded archives for one release, and what is missing (offline-safe)."""
    entries = _load_manifest(layout).get(f"{pair.name}=={version}")
    if entries is None:
        return [], [f"{pair.name}=={version}: not in {layout.manifest.name} (run --download)"]
    paths = [layout.archives / str(entry["filename"]) for entry in entries]
    found = [path for path in paths if path.exists()]
    missing = [f"{path.name}: not downloaded (run --download)" for path in paths
               if not path.exists()]
    return found, missing


# --- measuring capdiff in a child process --------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class ChildOutcome:
    cold_s: float | None = None
    warm_s: float | None = None
    alerts: int | None = None
    incomplete: tuple[str, ...] = ()
    peak_rss_mb: float | None = None
    error: str | None = None


def reset_to_cold(cache_dir: Path) -> None:
    """Forget every analysis result but keep the archives and index responses.

    capdiff keeps index responses (10-minute lifetime) in the same SQLite file as the
    analysis results, so deleting the file would also time PyPI round trips. Instead every
    result table (per file, per artifact, per comparison, and any added later) is emptied
    and the responses are marked as just fetched.
    """
    path = cache_dir / "analysis.sqlite"
    if not path.exists():
        return
    connection = sqlite3.connect(path, timeout=30, isolation_level=None)
    try:
        tables = [
            name
            for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
            if name != "responses"
        ]
        for table in tables:
            connection.execute(f"DELETE FROM {table}")  # names come from sqlite_master
        connection.execute("UPDATE responses SET fetched_at = ?", (time.time(),))
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        connection.close()


Target = tuple[str, Version] | Path


async def _child_measure(
    old: Target, new: Target, cache_dir: Path, *, cold: bool
) -> dict[str, object]:
    from bot.engine import open_engine

    if cold:
        reset_to_cold(cache_dir)
    report: dict[str, object] = {}
    async with open_engine(index_url=INDEX_URL, cache_dir=cache_dir) as engine:
        start = time.perf_counter()
        result = await engine.compare(old, new)
        report["cold_s" if cold else "warm_s"] = time.perf_counter() - start
    report["alerts"] = len(result.alerts)
    report["incomplete"] = list(result.incomplete_reasons)
    if cold:
        # A new engine on the same cache directory: only the on-disk cache is warm.
        async with open_engine(index_url=INDEX_URL, cache_dir=cache_dir) as engine:
            start = time.perf_counter()
            await engine.compare(old, new)
            report["warm_s"] = time.perf_counter() - start
    return report


def _own_high_water_mb() -> float:
    status = Path("/proc/self/status").read_text()
    match = re.search(r"^VmHWM:\s+(\d+) kB", status, re.MULTILINE)
    own = int(match.group(1)) / 1024 if match else 0.0
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own + workers


def child_main(argv: Sequence[str]) -> int:
    """Entry point of the measured child: prints one JSON line on stdout."""
    mode, cache_dir, old_spec, new_spec = argv
    old: Target
    new: Target
    if mode == "local":  # two archive paths
        old, new = Path(old_spec), Path(new_spec)
    else:  # name==version twice
        old_name, old_version = old_spec.split("==")
        new_name, new_version = new_spec.split("==")
        old, new = (old_name, Version(old_version)), (new_name, Version(new_version))
    try:
        report = asyncio.run(_child_measure(old, new, Path(cache_dir), cold=mode != "fill"))
    except Exception as error:  # noqa: BLE001 - the child's one boundary: report, don't crash
        report = {"error": f"{type(error).__name__}: {error}"}
    report["self_hwm_mb"] = _own_high_water_mb()
    print(json.dumps(report))
    return 0


class TreeRssSampler:
    """Samples the summed VmRSS of a process and all its descendants until stopped."""

    def __init__(self, pid: int, interval: float = 0.01) -> None:
        self.pid = pid
        self.interval = interval
        self.peak_kb = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> TreeRssSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak_kb = max(self.peak_kb, sum(_rss_kb(pid) for pid in _tree(self.pid)))
            self._stop.wait(self.interval)


def _tree(root: int) -> list[int]:
    pids = [root]
    index = 0
    while index < len(pids):
        for task in Path(f"/proc/{pids[index]}/task").glob("*/children"):
            with contextlib.suppress(OSError):  # the process may have just exited
                pids.extend(int(pid) for pid in task.read_text().split())
        index += 1
    return pids


def _rss_kb(pid: int) -> int:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    match = re.search(r"^VmRSS:\s+(\d+) kB", status, re.MULTILINE)
    return int(match.group(1)) if match else 0


def _run_child(
    pair: Pair, *, cold: bool, layout: Layout, local: tuple[Path, Path] | None = None
) -> ChildOutcome:
    """cold: reset, time a compare, then a warm one; else one compare (fills the cache).

    With `local`, the two archive files are compared instead of the index releases.
    """
    layout.engine_cache.mkdir(parents=True, exist_ok=True)
    mode = "local" if local else "cold" if cold else "fill"
    specs = [str(path) for path in local] if local else [
        f"{pair.name}=={pair.old}", f"{pair.name}=={pair.new}"
    ]
    command = [sys.executable, str(Path(__file__).resolve()), "--child",
               mode, str(layout.engine_cache), *specs]
    process = subprocess.Popen(
        command, cwd=REPO_ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    with TreeRssSampler(process.pid) as sampler:
        stdout, stderr = process.communicate()
    lines = stdout.strip().splitlines()
    try:
        report = json.loads(lines[-1]) if lines else {}
    except json.JSONDecodeError:
        report = {}
    if not report:
        return ChildOutcome(error=f"child exited {process.returncode}: {stderr.strip()[-300:]}")
    peak = max(sampler.peak_kb / 1024, float(report.get("self_hwm_mb", 0.0)))
    return ChildOutcome(
        cold_s=report.get("cold_s"),
        warm_s=report.get("warm_s"),
        alerts=report.get("alerts"),
        incomplete=tuple(report.get("incomplete", ())),
        peak_rss_mb=peak,
        error=report.get("error"),
    )


def _run_cli_cold(pair: Pair, layout: Layout) -> float | None:
    reset_to_cold(layout.engine_cache)
    command = [
        sys.executable, "-m", "bot", "compare", f"{pair.name}=={pair.old}",
        f"{pair.name}=={pair.new}", "--cache-dir", str(layout.engine_cache), "--format", "json",
    ]
    start = time.perf_counter()
    completed = subprocess.run(command, cwd=REPO_ROOT, capture_output=True, check=False)
    elapsed = time.perf_counter() - start
    return elapsed if completed.returncode in (0, 1) else None


# --- measuring GuardDog ---------------------------------------------------------------------


def guarddog_version() -> str:
    python = GUARDDOG.parent / "python"
    completed = subprocess.run(
        [str(python), "-c", "import importlib.metadata as m; print(m.version('guarddog'))"],
        capture_output=True, text=True, check=False,
    )
    return completed.stdout.strip() or "unknown"


def _run_guarddog(archives: Sequence[Path]) -> tuple[float, int, list[str]]:
    """Summed wall time and issue count of one `guarddog pypi scan` per archive.

    A scan GuardDog refuses still counts with the time it took (it did less work, so
    this favours GuardDog) and is named in the notes.
    """
    total = 0.0
    issues = 0
    errors: list[str] = []
    for archive in archives:
        command = [str(GUARDDOG), "pypi", "scan", str(archive), "--output-format", "json"]
        start = time.perf_counter()
        completed = subprocess.run(command, capture_output=True, text=True, check=False)
        total += time.perf_counter() - start
        try:
            issues += int(json.loads(completed.stdout).get("issues", 0))
        except (json.JSONDecodeError, AttributeError, TypeError, ValueError):
            lines = [line.strip() for line in completed.stderr.splitlines() if line.strip()]
            reason = lines[-1][-240:] if lines else f"exit status {completed.returncode}"
            errors.append(f"GuardDog refused {archive.name} (its time still counts): {reason}")
    return total, issues, errors


# --- one package, interleaved ---------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class Measurement:
    pair: Pair
    new_archive_mb: float = 0.0  # new release's sdist + wheel, what both tools analyze
    old_archive_mb: float = 0.0
    cold_s: float | None = None
    warm_s: float | None = None
    cli_cold_s: float | None = None
    guarddog_s: float | None = None
    guarddog_issues: int | None = None
    alerts: int | None = None
    peak_rss_mb: float | None = None
    big_wheel_peak_rss_mb: float | None = None  # local compare of the >= 50 MB wheels
    same_files: bool = True  # capdiff read every archive GuardDog scanned
    notes: tuple[str, ...] = field(default=())


def _median(values: Iterable[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return statistics.median(present) if present else None


def measure(
    pair: Pair, *, repeat: int, skip_guarddog: bool, skip_capdiff: bool, layout: Layout
) -> Measurement:
    new_archives, missing_new = local_archives(pair, pair.new, layout)
    old_archives, missing_old = local_archives(pair, pair.old, layout)
    notes: list[str] = [*missing_new, *missing_old]
    started = time.time() - 1.0
    colds: list[float | None] = []
    warms: list[float | None] = []
    clis: list[float | None] = []
    guards: list[float | None] = []
    peaks: list[float | None] = []
    alerts: int | None = None
    issues: int | None = None
    big_peak: float | None = None
    for _ in range(repeat):
        if not skip_capdiff:
            outcome = _run_child(pair, cold=True, layout=layout)
            if outcome.error:
                notes.append(f"capdiff: {outcome.error}")
            notes.extend(f"incomplete: {r}" for r in outcome.incomplete)
            colds.append(outcome.cold_s)
            warms.append(outcome.warm_s)
            peaks.append(outcome.peak_rss_mb)
            alerts = outcome.alerts if outcome.alerts is not None else alerts
            clis.append(_run_cli_cold(pair, layout))
        if not skip_guarddog and new_archives and not missing_new:
            seconds, issues, errors = _run_guarddog(new_archives)
            notes += errors
            guards.append(seconds)
    unused = engine_unused(pair, pair.new, layout, since=started) if not skip_capdiff else []
    notes += unused
    # The >= 50 MB wheels themselves, whatever file the index run chose.
    if not skip_capdiff and pair.big:
        old_wheels = [p for p in old_archives if p.suffix == ".whl"]
        new_wheels = [p for p in new_archives if p.suffix == ".whl"]
        if old_wheels and new_wheels:
            local = _run_child(pair, cold=True, layout=layout,
                               local=(old_wheels[0], new_wheels[0]))
            big_peak = local.peak_rss_mb
            notes.append(
                f"local compare {old_wheels[0].name} → {new_wheels[0].name}: cold "
                f"{_num(local.cold_s, '.2f')} s, peak RSS {_num(big_peak, '.0f')} MB"
                + (f", {local.error}" if local.error else "")
            )
    peak = max((p for p in peaks if p is not None), default=None)
    return Measurement(
        pair=pair,
        new_archive_mb=sum(p.stat().st_size for p in new_archives) / 2**20,
        old_archive_mb=sum(p.stat().st_size for p in old_archives) / 2**20,
        cold_s=_median(colds),
        warm_s=_median(warms),
        cli_cold_s=_median(clis),
        guarddog_s=_median(guards),
        guarddog_issues=issues,
        alerts=alerts,
        peak_rss_mb=peak,
        big_wheel_peak_rss_mb=big_peak,
        same_files=not unused,
        notes=tuple(dict.fromkeys(notes)),
    )


# --- the table (pure) -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class Summary:
    total_guarddog_s: float | None
    total_cold_s: float | None
    total_warm_s: float | None
    median_cold_s: float | None
    median_warm_s: float | None
    median_guarddog_s: float | None
    total_ratio: float | None  # total(GuardDog) / total(capdiff cold)
    median_ratio: float | None  # median over packages of GuardDog / capdiff cold
    warm_ratio: float | None  # median over packages of cold / warm
    big_peak_rss_mb: float | None


def _ratio(numerator: float | None, denominator: float | None) -> float | None:
    if numerator is None or denominator is None or denominator <= 0:
        return None
    return numerator / denominator


def summarize(rows: Sequence[Measurement]) -> Summary:
    """Totals over the packages both tools measured; medians of per-package ratios."""
    both = [r for r in rows if r.cold_s is not None and r.guarddog_s is not None]
    colds = [r.cold_s for r in rows if r.cold_s is not None]
    warms = [r.warm_s for r in rows if r.warm_s is not None]
    guards = [r.guarddog_s for r in rows if r.guarddog_s is not None]
    big = [
        peak for r in rows if r.pair.big
        for peak in (r.peak_rss_mb, r.big_wheel_peak_rss_mb) if peak is not None
    ]
    per_package = [_ratio(r.guarddog_s, r.cold_s) for r in both]
    warm_ratios = [_ratio(r.cold_s, r.warm_s) for r in rows]
    return Summary(
        total_guarddog_s=sum(r.guarddog_s or 0.0 for r in both) if both else None,
        total_cold_s=sum(r.cold_s or 0.0 for r in both) if both else None,
        total_warm_s=sum(warms) if warms else None,
        median_cold_s=_median(colds),
        median_warm_s=_median(warms),
        median_guarddog_s=_median(guards),
        total_ratio=_ratio(
            sum(r.guarddog_s or 0.0 for r in both), sum(r.cold_s or 0.0 for r in both)
        ) if both else None,
        median_ratio=_median(per_package),
        warm_ratio=_median(warm_ratios),
        big_peak_rss_mb=max(big) if big else None,
    )


def _num(value: float | None, fmt: str, suffix: str = "") -> str:
    return "n/a" if value is None else f"{value:{fmt}}{suffix}"


def _verdict(value: float | None, target: float, *, at_most: bool = False) -> str:
    if value is None:
        return "NOT MEASURED"
    met = value <= target if at_most else value >= target
    return "PASS" if met else "MISS"


def format_table(rows: Sequence[Measurement]) -> str:
    header = (
        "| package | old → new | new MB (sdist+whl) | capdiff cold s | capdiff warm ms "
        "| CLI cold s | GuardDog s | GuardDog ÷ cold | cold ÷ warm | new alerts | peak RSS MB |"
    )
    lines = [header, "|" + "---|" * 11]
    for row in rows:
        lines.append(
            f"| {row.pair.name}{'' if row.same_files else ' †'} | {row.pair.old} → {row.pair.new} "
            f"| {row.new_archive_mb:.2f} "
            f"| {_num(row.cold_s, '.3f')} "
            f"| {_num(None if row.warm_s is None else row.warm_s * 1000, '.1f')} "
            f"| {_num(row.cli_cold_s, '.2f')} "
            f"| {_num(row.guarddog_s, '.2f')} "
            f"| {_num(_ratio(row.guarddog_s, row.cold_s), '.1f', '×')} "
            f"| {_num(_ratio(row.cold_s, row.warm_s), '.0f', '×')} "
            f"| {'n/a' if row.alerts is None else row.alerts} "
            f"| {_num(row.peak_rss_mb, '.0f')} |"
        )
    if not all(row.same_files for row in rows):
        lines += ["", "† capdiff analyzed other archives of the new release than GuardDog "
                  "scanned (see the notes): that row compares different work."]
    return "\n".join(lines)


def format_summary(summary: Summary) -> str:
    s = summary
    return "\n".join([
        "| measure | value | target | result |",
        "|---|---|---|---|",
        f"| total GuardDog s / total capdiff cold s | {_num(s.total_guarddog_s, '.2f')} / "
        f"{_num(s.total_cold_s, '.2f')} = {_num(s.total_ratio, '.1f', '×')} "
        f"| ≥ {TARGET_TOTAL_RATIO:.0f}× | {_verdict(s.total_ratio, TARGET_TOTAL_RATIO)} |",
        f"| median per-package GuardDog ÷ capdiff cold | {_num(s.median_ratio, '.1f', '×')} "
        f"| ≥ {TARGET_MEDIAN_RATIO:.0f}× | {_verdict(s.median_ratio, TARGET_MEDIAN_RATIO)} |",
        f"| median per-package capdiff cold ÷ warm | {_num(s.warm_ratio, '.0f', '×')} "
        f"| ≥ {TARGET_WARM_RATIO:.0f}× | {_verdict(s.warm_ratio, TARGET_WARM_RATIO)} |",
        f"| peak RSS, ≥ 50 MB wheel (process tree) | {_num(s.big_peak_rss_mb, '.0f', ' MB')} "
        f"| ≤ {TARGET_PEAK_RSS_MB:.0f} MB "
        f"| {_verdict(s.big_peak_rss_mb, TARGET_PEAK_RSS_MB, at_most=True)} |",
        f"| median capdiff cold / warm / GuardDog | {_num(s.median_cold_s, '.3f', ' s')} / "
        f"{_num(None if s.median_warm_s is None else s.median_warm_s * 1000, '.1f', ' ms')} / "
        f"{_num(s.median_guarddog_s, '.2f', ' s')} | | |",
    ])


def format_report(rows: Sequence[Measurement], *, header: str) -> str:
    notes = [f"- {row.pair.name}: {note}" for row in rows for note in row.notes]
    parts = [header, "", format_table(rows), "", format_summary(summarize(rows))]
    if notes:
        parts += ["", "Notes:", *notes]
    return "\n".join(parts)


# --- command line ---------------------------------------------------------------------------


def _header(repeat: int, skip_guarddog: bool) -> str:
    guard = "skipped" if skip_guarddog else f"GuardDog {guarddog_version()}"
    return (
        f"capdiff analyzer vs {guard}, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, "
        f"{os.cpu_count()} CPUs (load average at start {os.getloadavg()[0]:.1f}: a shared "
        f"machine), median of {repeat} run(s). capdiff: in-process "
        "`engine.compare(old, new)` (both releases, sdist + wheel each); cold = fresh "
        "analysis.sqlite, archives and index already cached; warm = new engine, same cache. "
        "GuardDog: `guarddog pypi scan` of the new release's sdist + wheel, one call each, "
        "summed wall time (interpreter start included, as for the capdiff CLI column)."
    )


def run(
    pairs: Sequence[Pair], *, repeat: int, jobs: int, skip_guarddog: bool,
    skip_capdiff: bool = False, layout: Layout = Layout(CACHE),
    progress: Callable[[str], None] | None = None,
) -> list[Measurement]:
    def one(pair: Pair) -> Measurement:
        row = measure(pair, repeat=repeat, skip_guarddog=skip_guarddog,
                      skip_capdiff=skip_capdiff, layout=layout)
        if progress:
            progress(f"{pair.name}: cold {_num(row.cold_s, '.3f')} s, "
                     f"GuardDog {_num(row.guarddog_s, '.2f')} s")
        return row

    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        return list(pool.map(one, pairs))


def _engine_available() -> bool:
    return (REPO_ROOT / "bot" / "engine.py").exists()


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    if args_list[:1] == ["--child"]:
        sys.path.insert(0, str(REPO_ROOT))
        return child_main(args_list[1:])
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--download", action="store_true",
                        help="NETWORK: fetch the archives and warm capdiff's cache, then exit")
    parser.add_argument("--repeat", type=int, default=1, help="runs per package (medians)")
    parser.add_argument("--only", action="append", default=[], metavar="NAME",
                        help="measure only this package (repeatable)")
    parser.add_argument("--skip-guarddog", action="store_true")
    parser.add_argument("--skip-capdiff", action="store_true",
                        help="GuardDog only (e.g. before the engine exists)")
    parser.add_argument("--jobs", type=int, default=1,
                        help="packages measured at once (default 1; more skews timings) "
                        "and parallel downloads")
    parser.add_argument("--cache", type=Path, default=CACHE,
                        help=f"download directory (default {CACHE.relative_to(REPO_ROOT)})")
    parser.add_argument("--output", type=Path, help="also write the report to this file")
    args = parser.parse_args(args_list)
    pairs = [p for p in PAIRS if not args.only or p.name in args.only]
    if not pairs:
        parser.error(f"no package named {args.only}; known: {', '.join(p.name for p in PAIRS)}")
    sys.path.insert(0, str(REPO_ROOT))
    layout = Layout(args.cache)
    if args.download:
        return download(pairs, args.jobs, layout)
    skip_capdiff = args.skip_capdiff or not _engine_available()
    if skip_capdiff and not args.skip_capdiff:
        print("bot/engine.py not found: capdiff columns left empty", file=sys.stderr)
    skip_guarddog = args.skip_guarddog or not GUARDDOG.exists()
    if skip_guarddog and not args.skip_guarddog:
        print(f"{GUARDDOG} not found: GuardDog columns left empty", file=sys.stderr)
    if not layout.manifest.exists():
        print(f"{layout.manifest} missing: run with --download first (needs the network)",
              file=sys.stderr)
    rows = run(
        pairs, repeat=args.repeat, jobs=args.jobs, skip_guarddog=skip_guarddog,
        skip_capdiff=skip_capdiff, layout=layout, progress=lambda m: print(m, file=sys.stderr),
    )
    report = format_report(rows, header=_header(args.repeat, skip_guarddog))
    print(report)
    if args.output:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(report + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
