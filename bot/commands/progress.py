"""Progress of a scan on stderr: a rich bar on a terminal, plain lines otherwise.

stdout carries the report (text, JSON, SARIF, markdown), so progress never goes there.
Nothing shows for a scan of one or two packages: it is over before a bar would help.
"""

from __future__ import annotations

from types import TracebackType
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID

__all__ = ["MIN_PACKAGES", "ScanProgress"]

# A scan of fewer packages than this shows no progress.
MIN_PACKAGES = 3


class ScanProgress:
    """A `ProgressCallback` (done, total, name) that draws on `stream`; use it as a context."""

    def __init__(self, stream: TextIO, *, rich: bool | None = None) -> None:
        self._stream = stream
        self._rich = stream.isatty() if rich is None else rich
        self._bar: Progress | None = None
        self._task: TaskID | None = None
        self._reported = -1

    async def __call__(self, done: int, total: int, name: str) -> None:
        if total < MIN_PACKAGES:
            return
        if self._rich:
            self._draw(done, total, name)
        elif done != self._reported:
            # One line per finished package; the start events add nothing to a log.
            self._reported = done
            print(f"capdiff: analyzed {done}/{total} packages ({name})", file=self._stream)

    def _draw(self, done: int, total: int, name: str) -> None:
        if self._bar is None:
            # Imported on first use: rich costs ~30 ms, and most commands never draw.
            from rich.console import Console
            from rich.progress import Progress

            # A terminal (or asked for): draw even if rich's own detection would not.
            console = Console(file=self._stream, force_terminal=True)
            self._bar = Progress(console=console, transient=True)
            self._bar.start()
            self._task = self._bar.add_task("analyzing", total=total)
        assert self._task is not None
        self._bar.update(self._task, completed=done, total=total, description=name)

    def __enter__(self) -> ScanProgress:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self._bar is not None:
            self._bar.stop()
