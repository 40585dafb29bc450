"""Offline feed and oversized-file scan speed, on generated data (no network).

    python -m benchmarks.feeds [--records N]     (from the repository root)

- index: build the SQLite index of a generated OSV export zip shaped like the PyPI one
  (mostly `MAL-` records of one version, some advisories with ranges);
- lookup: 1,000 exact releases looked up in that index (what a large scan asks);
- byte scan: a 25 MB padded module through the token scan, three kinds of padding.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import json
import tempfile
import time
import zipfile
from pathlib import Path

from packaging.version import Version

from bot.analysis.token_scan import scan_chunks
from bot.feeds.offline import OfflineFeed
from bot.model import NormalizedName

PAYLOAD = b"exec(base64.b64decode('cHJpbnQoMSk='))\nsubprocess.Popen(['true'])\n"


def export(records: int) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for i in range(records):
            name = f"package-{i % (records // 2 or 1):06d}"
            if i % 4:
                document = {
                    "id": f"MAL-2026-{i}", "modified": "2026-01-01T00:00:00Z",
                    "summary": f"Malicious code in {name} (PyPI)",
                    "details": "x" * 400,
                    "affected": [{"package": {"ecosystem": "PyPI", "name": name},
                                  "versions": ["1.0.0"]}],
                    "database_specific": {"malicious-packages-origins": [{"source": "x"}]},
                }
            else:
                document = {
                    "id": f"PYSEC-2026-{i}", "modified": "2026-01-01T00:00:00Z",
                    "aliases": [f"CVE-2026-{i}", f"GHSA-{i}"],
                    "details": "y" * 1500,
                    "severity": [{"type": "CVSS_V3",
                                  "score": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"}],
                    "affected": [{"package": {"ecosystem": "PyPI", "name": name},
                                  "ranges": [{"type": "ECOSYSTEM", "events": [
                                      {"introduced": "0"}, {"fixed": "2.0"}]}],
                                  "versions": [f"1.{v}" for v in range(40)]}],
                }
            archive.writestr(f"{document['id']}.json", json.dumps(document))
    return buffer.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=40_000)
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "copy").mkdir()
        data = export(args.records)
        (root / "copy" / "all.zip").write_bytes(data)
        started = time.perf_counter()
        feed = OfflineFeed.open(root / "copy", root / "index")
        built = time.perf_counter() - started
        rows.append((f"index {args.records:,} records ({len(data) / 1e6:.1f} MB zip)",
                     f"{built:.2f} s"))
        releases = [(NormalizedName(f"package-{i:06d}"), Version("1.0.0")) for i in range(1000)]
        started = time.perf_counter()
        answer = asyncio.run(feed.lookup(releases))
        looked = time.perf_counter() - started
        hits = sum(1 for records in answer.records.values() if records)
        rows.append((f"lookup 1,000 releases ({hits} affected)", f"{looked * 1000:.0f} ms"))
        feed.close()
    pads = {
        "spaces": b" " * 99 + b"\n",
        "comments": b"# lorem ipsum dolor sit amet, consectetur adipiscing elit\n",
        "code": b"def f(x):\n    return os.path.join(x, 'a')  # run decode\n",
    }
    for label, pad in pads.items():
        module = pad * (25_000_000 // len(pad)) + PAYLOAD
        chunks = [module[i : i + 256 * 1024] for i in range(0, len(module), 256 * 1024)]
        started = time.perf_counter()
        found = scan_chunks("m.py", chunks)
        took = time.perf_counter() - started
        rows.append((f"byte scan 25 MB, {label} padding ({len(found)} tokens)",
                     f"{took:.2f} s ({len(module) / 1e6 / took:.0f} MB/s)"))
    width = max(len(r[0]) for r in rows)
    print(f"| {'measure'.ljust(width)} | result |")
    print(f"|{'-' * (width + 2)}|---|")
    for measure, result in rows:
        print(f"| {measure.ljust(width)} | {result} |")


if __name__ == "__main__":
    main()
