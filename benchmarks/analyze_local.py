"""Run the Python code analyzer over an installed site-packages directory.

Reads files only (never imports them). Prints files/s, per-type counts and the noisiest
packages. Usage: python benchmarks/analyze_local.py [SITE_PACKAGES] [--show TYPE]
"""

from __future__ import annotations

import argparse
import collections
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.analysis.python_code import analyze_python
from bot.analysis.types import FileRole, SourceFile


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("root", nargs="?", default="/work/venv/lib/python3.11/site-packages")
    parser.add_argument("--show", action="append", default=[], help="print findings of a type")
    args = parser.parse_args()
    root = Path(args.root)
    files = sorted(p for p in root.rglob("*.py") if p.is_file())
    by_type: collections.Counter[str] = collections.Counter()
    by_package: dict[str, collections.Counter[str]] = collections.defaultdict(
        collections.Counter)
    unparsed = 0
    total_bytes = 0
    start = time.perf_counter()
    for path in files:
        data = path.read_bytes()
        total_bytes += len(data)
        role = FileRole.PACKAGE_INIT if path.name == "__init__.py" else FileRole.MODULE
        relative = path.relative_to(root).as_posix()
        result = analyze_python(SourceFile(path=relative, data=data, role=role, artifact=""))
        unparsed += not result.parsed
        package = relative.split("/")[0]
        for finding in result.findings:
            by_type[finding.type.value] += 1
            by_package[package][finding.type.value] += 1
            if finding.type.value in args.show:
                print(f"{relative}:{finding.line} {finding.api} {finding.normalized!r} "
                      f"| {finding.evidence[:120]!r}")
    elapsed = time.perf_counter() - start
    print(f"{len(files)} files, {total_bytes / 1e6:.1f} MB in {elapsed:.1f} s: "
          f"{len(files) / elapsed:.0f} files/s, {total_bytes / 1e6 / elapsed:.1f} MB/s, "
          f"{unparsed} not parsed")
    for kind, count in by_type.most_common():
        print(f"  {kind:26} {count}")
    print("noisiest packages:")
    ranked = sorted(by_package.items(), key=lambda item: -sum(item[1].values()))
    for package, counts in ranked[:15]:
        print(f"  {package:30} {sum(counts.values()):5}  {dict(counts.most_common(4))}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
