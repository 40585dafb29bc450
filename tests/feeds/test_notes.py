"""A feed note reaches every report: terminal, JSON, the comment and the check run, once."""

from __future__ import annotations

from bot.github.presenter import ReportPresenter
from bot.model import ChangeKind, NormalizedName, PackageResult, ScanResult, Verdict
from bot.report.json_format import scan_to_dict
from bot.report.text import render_text

NOTE = "known malware and advisories: the OSV API at http://osv.test could not be used (HTTP 503)"


def result() -> ScanResult:
    packages = tuple(
        PackageResult(name=NormalizedName(name), change=ChangeKind.ADDED, old_version=None,
                      new_version="1.0", notes=(NOTE,))
        for name in ("alpha", "beta")
    )
    return ScanResult(packages=packages, manifests=("requirements.txt",), verdict=Verdict.PASS)


def test_the_note_is_shown_once_everywhere() -> None:
    scan = result()
    assert scan.notes == (NOTE,)
    assert render_text(scan).count(f"  note: {NOTE}\n") == 1
    assert scan_to_dict(scan)["notes"] == [NOTE]
    presenter = ReportPresenter()
    escaped = NOTE.replace("(", "\\(").replace(")", "\\)")
    assert presenter.comment(scan, details_url=None, policy_source=None).count(escaped) == 1
    assert presenter.all_clear(scan, details_url=None, policy_source=None).count(escaped) == 1
    assert presenter.check_run(scan).summary.count(escaped) == 1
