"""Every renderer accepts the realistic result (fuller tests live beside this file)."""

from __future__ import annotations

import json

from bot.model import ScanResult
from bot.report.checks import conclusion_for, render_check_run
from bot.report.json_format import scan_to_dict
from bot.report.markdown import COMMENT_MARKER, render_all_clear, render_comment
from bot.report.text import render_text


def test_every_renderer_accepts_a_realistic_result(result: ScanResult) -> None:
    assert render_comment(result).startswith(COMMENT_MARKER)
    assert render_all_clear(result).startswith(COMMENT_MARKER)
    assert render_check_run(result).title == "1 blocking, 2 warnings (analysis incomplete)"
    assert conclusion_for(result.verdict) == "failure"
    assert render_text(result).endswith("1 blocking finding, 2 warnings — exit 1\n")
    assert json.loads(json.dumps(scan_to_dict(result)))["verdict"] == "block"
