"""ArtifactRunner: each distinct file analyzed once, in worker processes when the work is big."""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor

from bot.analysis.cache import DictFileResultCache
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
