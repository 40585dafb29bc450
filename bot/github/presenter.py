"""How a ScanResult is shown on GitHub: the port to `bot.report`, and its default adapter.

`ReportPresenter` turns `bot.report`'s renderers into what the flow sends: comment bodies
(size-safe, starting with `COMMENT_MARKER`) and the check-run output with annotations.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from bot.github.client import Annotation
from bot.model import ScanResult, Verdict
from bot.report.checks import conclusion_for, render_check_run
from bot.report.markdown import (
    COMMENT_MARKER,
    DEFAULT_COMMENT_CHARS,
    needs_comment,
    render_all_clear,
    render_comment,
)

__all__ = ["COMMENT_MARKER", "CheckRunText", "Presenter", "ReportPresenter"]


@dataclass(frozen=True, slots=True, kw_only=True)
class CheckRunText:
    title: str
    summary: str
    text: str = ""
    annotations: tuple[Annotation, ...] = ()


class Presenter(Protocol):
    def needs_comment(self, result: ScanResult) -> bool:
        """True when something warns, blocks or is incomplete (an on-alert comment appears)."""
        ...

    def comment(
        self, result: ScanResult, *, details_url: str | None, policy_source: str | None
    ) -> str: ...

    def all_clear(
        self, result: ScanResult, *, details_url: str | None, policy_source: str | None
    ) -> str: ...

    def check_run(self, result: ScanResult) -> CheckRunText: ...

    def conclusion(self, verdict: Verdict) -> str: ...


class ReportPresenter:
    def __init__(self, *, max_comment_chars: int = DEFAULT_COMMENT_CHARS) -> None:
        self._max_comment_chars = max_comment_chars

    def needs_comment(self, result: ScanResult) -> bool:
        return needs_comment(result)

    def comment(
        self, result: ScanResult, *, details_url: str | None, policy_source: str | None
    ) -> str:
        return render_comment(
            result,
            details_url=details_url,
            policy_source=policy_source,
            max_chars=self._max_comment_chars,
            notes=result.notes,
        )

    def all_clear(
        self, result: ScanResult, *, details_url: str | None, policy_source: str | None
    ) -> str:
        return render_all_clear(
            result, details_url=details_url, policy_source=policy_source, notes=result.notes
        )

    def check_run(self, result: ScanResult) -> CheckRunText:
        output = render_check_run(result, notes=result.notes)
        return CheckRunText(
            title=output.title,
            summary=output.summary,
            text=output.text,
            annotations=tuple(
                Annotation(
                    path=a.path,
                    start_line=a.start_line,
                    end_line=a.end_line,
                    annotation_level=a.level.value,
                    message=a.message,
                    title=a.title,
                    raw_details=a.raw_details,
                )
                for a in output.annotations
            ),
        )

    def conclusion(self, verdict: Verdict) -> str:
        return conclusion_for(verdict)
