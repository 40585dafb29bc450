"""Scan progress on stderr: plain lines off a terminal, a rich bar on one, none for tiny scans."""

from __future__ import annotations

import io

from bot.commands.progress import ScanProgress


async def _feed(progress: ScanProgress, total: int) -> None:
    for done, name in enumerate(["pkg-a", "pkg-b", "pkg-c", "pkg-d"][:total]):
        await progress(done, total, name)
        await progress(done + 1, total, name)


async def test_plain_lines_once_per_finished_package() -> None:
    stream = io.StringIO()
    with ScanProgress(stream) as progress:
        await _feed(progress, 3)
    assert stream.getvalue() == (
        "capdiff: analyzed 0/3 packages (pkg-a)\n"
        "capdiff: analyzed 1/3 packages (pkg-a)\n"
        "capdiff: analyzed 2/3 packages (pkg-b)\n"
        "capdiff: analyzed 3/3 packages (pkg-c)\n"
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
    drawn = stream.getvalue()
    assert "capdiff: analyzed" not in drawn  # no plain lines
    assert "\x1b[" in drawn  # terminal control sequences: a live display
    # The bar ends full, named after the last package, and is cleared (transient).
    assert "pkg-d" in drawn and "100%" in drawn
    assert drawn.endswith("\x1b[2K")
