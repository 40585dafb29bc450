"""Scan progress on stderr: plain lines off a terminal, a rich bar on one, none for tiny scans."""

from __future__ import annotations

import io

from bot.commands.progress import ScanProgress


async def _feed(progress: ScanProgress, total: int) -> None:
    for done, name in enumerate(["a", "b", "c", "d"][:total]):
        await progress(done, total, name)
        await progress(done + 1, total, name)


async def test_plain_lines_once_per_finished_package() -> None:
    stream = io.StringIO()
    with ScanProgress(stream) as progress:
        await _feed(progress, 3)
    assert stream.getvalue() == (
        "capdiff: analyzed 0/3 packages (a)\n"
        "capdiff: analyzed 1/3 packages (a)\n"
        "capdiff: analyzed 2/3 packages (b)\n"
        "capdiff: analyzed 3/3 packages (c)\n"
    )


async def test_two_packages_show_nothing() -> None:
    stream = io.StringIO()
    with ScanProgress(stream) as progress:
        await _feed(progress, 2)
    assert stream.getvalue() == ""


async def test_rich_bar_draws_on_its_stream_and_clears_itself() -> None:
    stream = io.StringIO()
    with ScanProgress(stream, rich=True) as progress:
        await _feed(progress, 4)
    # transient: nothing of the bar is left once the scan ends, and no plain lines were written
    assert "capdiff: analyzed" not in stream.getvalue()
