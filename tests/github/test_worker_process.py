"""`WorkerProcess`: serve's workers in a child process that stops when its stdin closes."""

from __future__ import annotations

import asyncio
import sys
import time
from pathlib import Path

from bot.commands.serve import WorkerProcess

# A stand-in for `capdiff worker`: says it started, waits for EOF on stdin, says it stopped.
CHILD = (
    "import sys\n"
    "log = open(sys.argv[1], 'a')\n"
    "log.write('started\\n'); log.flush()\n"
    "sys.stdin.read()\n"
    "log.write('stopped cleanly\\n')\n"
)


async def _until(condition: object, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not callable(condition) or not condition():
        assert time.monotonic() < deadline, "timed out"
        await asyncio.sleep(0.02)


async def test_stop_closes_stdin_and_waits_for_the_child(tmp_path: Path) -> None:
    log = tmp_path / "child.log"
    stop = asyncio.Event()
    pool = WorkerProcess([sys.executable, "-c", CHILD, str(log)])
    task = asyncio.create_task(pool.run(stop))
    await _until(lambda: log.exists() and "started" in log.read_text())
    stop.set()
    await asyncio.wait_for(task, 10)
    assert log.read_text() == "started\nstopped cleanly\n"


async def test_a_child_that_dies_is_started_again(tmp_path: Path) -> None:
    log = tmp_path / "child.log"
    dying = "import sys\nopen(sys.argv[1], 'a').write('ran\\n')\nsys.exit(3)\n"
    stop = asyncio.Event()
    pool = WorkerProcess([sys.executable, "-c", dying, str(log)], restart_delay=0.01)
    task = asyncio.create_task(pool.run(stop))
    await _until(lambda: log.exists() and log.read_text().count("ran") >= 2)
    stop.set()
    await asyncio.wait_for(task, 10)


async def test_a_child_that_ignores_eof_is_killed_after_the_timeout(tmp_path: Path) -> None:
    log = tmp_path / "child.log"
    stubborn = (
        "import sys, time\nopen(sys.argv[1], 'a').write('started\\n')\ntime.sleep(60)\n"
    )
    stop = asyncio.Event()
    pool = WorkerProcess([sys.executable, "-c", stubborn, str(log)], shutdown_timeout=0.2)
    task = asyncio.create_task(pool.run(stop))
    await _until(lambda: log.exists() and "started" in log.read_text())
    started = time.monotonic()
    stop.set()
    await asyncio.wait_for(task, 10)
    assert time.monotonic() - started < 5
