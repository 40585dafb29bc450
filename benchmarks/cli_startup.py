"""How long whole `capdiff` processes take, beside the interpreter's own start-up.

    python benchmarks/cli_startup.py [--runs N]

Each command runs N times as a fresh process (wall time, interpreter start included); the
table shows the median and the fastest run, and the median minus the `python -c pass`
floor: the part capdiff itself costs. "warm compare" compares two local wheels whose
analysis is already in the cache directory (one untimed run fills it first). Nothing here
touches the network: the wheels are built in a temporary directory.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.analysis.builders import build_wheel  # noqa: E402 (after the path set-up)

OLD_CODE = "import json\n\ndef load(path):\n    return json.load(open(path))\n"
NEW_CODE = (
    "import json\nimport subprocess\n\n"
    "def load(path):\n    return json.load(open(path))\n\n"
    "def refresh():\n    return subprocess.run(['git', 'pull'], check=False)\n"
)


def _capdiff() -> list[str]:
    """The installed console script when there is one (what a user runs), else `-m bot`."""
    script = Path(sys.executable).with_name("capdiff")
    if script.exists():
        return [sys.executable, str(script)]
    return [sys.executable, "-m", "bot"]


def _time(command: list[str], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return times


def _archives(directory: Path) -> tuple[Path, Path]:
    files = {f"demo/module{i}.py": OLD_CODE for i in range(20)}
    old = directory / "demo-1.0-py3-none-any.whl"
    new = directory / "demo-2.0-py3-none-any.whl"
    old.write_bytes(build_wheel("demo", "1.0", {**files, "demo/__init__.py": OLD_CODE}))
    new.write_bytes(build_wheel("demo", "2.0", {**files, "demo/__init__.py": NEW_CODE}))
    return old, new


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    capdiff = _capdiff()
    with tempfile.TemporaryDirectory() as temporary:
        directory = Path(temporary)
        old, new = _archives(directory)
        cache = ["--cache-dir", str(directory / "cache")]
        requirements = directory / "requirements.txt"
        requirements.write_text("requests==2.32.3\nidna>=3.7\n", encoding="utf-8")
        compare = [*capdiff, "compare", str(old), str(new), *cache]
        subprocess.run(compare, check=False, capture_output=True)  # fills the cache
        cases = {
            "python -c pass (floor)": [sys.executable, "-c", "pass"],
            "capdiff --help": [*capdiff, "--help"],
            "capdiff compare --help": [*capdiff, "compare", "--help"],
            "capdiff deps requirements.txt": [*capdiff, "deps", str(requirements)],
            "capdiff compare (warm, local)": compare,
            "capdiff compare --format json": [*compare, "--format", "json"],
            "capdiff compare --format sarif": [*compare, "--format", "sarif"],
        }
        results = {name: _time(command, args.runs) for name, command in cases.items()}
    floor = statistics.median(results["python -c pass (floor)"])
    print(f"{args.runs} runs each, wall time of the whole process, Python {sys.version.split()[0]}")
    print()
    print("| command | median | fastest | median over the floor |")
    print("|---|---:|---:|---:|")
    for name, times in results.items():
        median = statistics.median(times)
        print(
            f"| `{name}` | {median * 1000:.0f} ms | {min(times) * 1000:.0f} ms "
            f"| {(median - floor) * 1000:+.0f} ms |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
