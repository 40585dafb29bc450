"""How long whole `capdiff` processes take, beside the interpreter's own start-up.

    python benchmarks/cli_startup.py [--runs N] [--before DIR [--before-has-feeds]]

Each command runs N times as a fresh process (wall time, interpreter start included), all
commands taking turns (run 1 of each, then run 2 of each, ...) so that a shared machine's
changing load falls on all of them alike. The table shows the median and the fastest run,
and the median minus the `python -c pass` floor: the part capdiff itself costs. The CPU
column is the child's user + system time (median): on a shared, loaded machine wall time
also counts waiting for a core, CPU time much less so.
"warm compare" compares two local wheels whose analysis is already in the cache directory
(one untimed run fills it first). `--before DIR` also times `python -m bot` from another
checkout (e.g. an older commit) on the same commands, for a before/after table (its feed
rows too with `--before-has-feeds`, for a checkout that has the feeds). Nothing
here touches the network: the wheels are built in a temporary directory, the advisory
feeds are off (CAPDIFF_FEEDS=off) except in the rows that read a local OSV export
(`--feeds-dir`, a small one built here) and ask a fake OSV API on 127.0.0.1 whose answer
is cached by the first, untimed run (the default set-up: feeds on, answers cached an hour).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.analysis.builders import build_wheel  # noqa: E402 (after the path set-up)
from tests.fakes.osv import FakeOsv  # noqa: E402
from tests.fakes.server import serve_app  # noqa: E402
from tests.feeds.osvdata import export_zip, malware  # noqa: E402

OLD_CODE = "import json\n\ndef load(path):\n    return json.load(open(path))\n"
NEW_CODE = (
    "import json\nimport subprocess\n\n"
    "def load(path):\n    return json.load(open(path))\n\n"
    "def refresh():\n    return subprocess.run(['git', 'pull'], check=False)\n"
)
FLOOR = "python -c pass (floor)"
# Puts DIR first on sys.path (before any installed capdiff) and runs its CLI.
_FROM_SOURCE = (
    "import sys; sys.path.insert(0, {source!r}); sys.argv[0] = 'capdiff'; "
    "from bot.cli import main; sys.exit(main())"
)


def _installed() -> list[str]:
    """The installed console script when there is one (what a user runs), else `-m bot`."""
    script = Path(sys.executable).with_name("capdiff")
    if script.exists():
        return [sys.executable, str(script)]
    return [sys.executable, "-m", "bot"]


def _from_source(source: Path) -> list[str]:
    return [sys.executable, "-c", _FROM_SOURCE.format(source=str(source.resolve()))]


def _archives(directory: Path) -> tuple[Path, Path]:
    files = {f"demo/module{i}.py": OLD_CODE for i in range(20)}
    old = directory / "demo-1.0-py3-none-any.whl"
    new = directory / "demo-2.0-py3-none-any.whl"
    old.write_bytes(build_wheel("demo", "1.0", {**files, "demo/__init__.py": OLD_CODE}))
    new.write_bytes(build_wheel("demo", "2.0", {**files, "demo/__init__.py": NEW_CODE}))
    return old, new


def _commands(
    capdiff: list[str], directory: Path, cache: str, *, osv_url: str | None
) -> dict[str, list[str]]:
    old, new = _archives(directory)
    requirements = directory / "requirements.txt"
    requirements.write_text("requests==2.32.3\nidna>=3.7\n", encoding="utf-8")
    compare = [*capdiff, "compare", str(old), str(new), "--cache-dir", cache]
    # Fills the cache (no feed: the "before" code has none, and nothing may leave the machine).
    subprocess.run(compare, check=False, capture_output=True, env=_env(feeds=False))
    with_feed: dict[str, list[str]] = {}
    if osv_url is not None:
        export = directory / "osv-copy"
        export.mkdir()
        records = {f"MAL-{i}.json": malware(f"MAL-{i}", f"evil-{i}") for i in range(200)}
        (export / "all.zip").write_bytes(export_zip(records))
        feed_compare = [*compare, "--feeds-dir", str(export)]
        subprocess.run(feed_compare, check=False, capture_output=True, env=_env(feeds=True))
        with_feed["capdiff compare OLD.whl NEW.whl (warm, offline feed)"] = feed_compare
        api_compare = [*compare, "--osv-url", osv_url]
        subprocess.run(api_compare, check=False, capture_output=True, env=_env(feeds=True))
        with_feed["capdiff compare OLD.whl NEW.whl (warm, OSV answer cached)"] = api_compare
    return {
        "capdiff --help": [*capdiff, "--help"],
        "capdiff compare --help": [*capdiff, "compare", "--help"],
        "capdiff deps requirements.txt": [*capdiff, "deps", str(requirements)],
        "capdiff compare OLD.whl NEW.whl (warm)": compare,
        "capdiff compare ... --format json (warm)": [*compare, "--format", "json"],
        **with_feed,
    }


def _env(*, feeds: bool) -> dict[str, str]:
    return {**os.environ, "CAPDIFF_FEEDS": "on" if feeds else "off"}


def _cpu_of_children() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _run_once(command: list[str]) -> tuple[float, float, int]:
    """Wall time, CPU time (user + system) and exit status of one run."""
    env = _env(feeds="--feeds-dir" in command or "--osv-url" in command)
    cpu = _cpu_of_children()
    start = time.perf_counter()
    done = subprocess.run(
        command, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env
    )
    return time.perf_counter() - start, _cpu_of_children() - cpu, done.returncode


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--before", type=Path, default=None, help="a capdiff checkout to compare")
    parser.add_argument(
        "--before-has-feeds", action="store_true",
        help="the --before checkout has the advisory feeds: time its feed rows too",
    )
    args = parser.parse_args()
    osv = FakeOsv()
    osv.add(malware("MAL-1", "evil-1") | {"affected": []})
    with tempfile.TemporaryDirectory() as temporary, serve_app(osv.app) as osv_url:
        directory = Path(temporary)
        (directory / "now").mkdir()
        cases = {FLOOR: [sys.executable, "-c", "pass"]}
        cases |= _commands(
            _installed(), directory / "now", str(directory / "cache-now"), osv_url=osv_url
        )
        before: dict[str, list[str]] = {}
        if args.before is not None:
            (directory / "before").mkdir()
            before = _commands(
                _from_source(args.before),
                directory / "before",
                str(directory / "cache-before"),
                osv_url=osv_url if args.before_has_feeds else None,
            )
        timed = {**cases, **{f"before: {name}": command for name, command in before.items()}}
        times: dict[str, list[float]] = {name: [] for name in timed}
        cpu: dict[str, list[float]] = {name: [] for name in timed}
        status: dict[str, int] = {}
        for _ in range(args.runs):
            for name, command in timed.items():
                elapsed, used, status[name] = _run_once(command)
                times[name].append(elapsed)
                cpu[name].append(used)
    floor = statistics.median(times[FLOOR])
    print(f"{args.runs} runs each, taking turns; wall time of the whole process; "
          f"Python {sys.version.split()[0]}")
    print()
    header = "| command | median | fastest | over the floor | CPU |"
    if before:
        header += " before: median | before: over the floor | before: CPU |"
    print(header)
    print("|---|---:|---:|---:|---:|" + ("---:|---:|---:|" if before else ""))
    for name in cases:
        median = statistics.median(times[name])
        failed = f" (exit {status[name]})" if status[name] not in (0, 1) else ""
        row = (
            f"| `{name}`{failed} | {median * 1000:.0f} ms | {min(times[name]) * 1000:.0f} ms "
            f"| {(median - floor) * 1000:+.0f} ms | {statistics.median(cpu[name]) * 1000:.0f} ms |"
        )
        if before:
            if name in before:
                old = statistics.median(times[f"before: {name}"])
                old_cpu = statistics.median(cpu[f"before: {name}"])
                row += (
                    f" {old * 1000:.0f} ms | {(old - floor) * 1000:+.0f} ms "
                    f"| {old_cpu * 1000:.0f} ms |"
                )
            else:
                row += " | | |"
        print(row)
    return 0


if __name__ == "__main__":
    sys.exit(main())
