"""`capdiff inspect` on a wheel whose payload sits past the 20 MiB per-file limit: the payload
is still reported (byte scan), with its line, and the analysis says it is incomplete."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.cli import main
from tests.analysis.test_token_scan import padded_module
from tests.fakes.index import FakeIndex
from tests.fakes.server import serve_app


def test_padded_payload_blocks_and_the_gap_is_reported(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    module = padded_module(22)
    line = module.count(b"\n", 0, module.index(b"exec(")) + 1
    index = FakeIndex()
    index.add_wheel("padded", "0.9", {"padded/__init__.py": "x = 1\n"})
    index.add_wheel("padded", "1.0", {"padded/__init__.py": module})
    del module
    reason = (
        "padded-1.0-py3-none-any.whl: padded/__init__.py not analyzed: larger than the "
        "20971520 byte file limit (scanned for threat tokens only)"
    )
    with serve_app(index.app) as base:
        common = ["--format", "json", "--index-url", f"{base}/simple"]
        code = main(["inspect", "padded==1.0", *common, "--cache-dir", str(tmp_path / "a")])
        inspected = json.loads(capsys.readouterr().out)
        # An upgrade (both releases analyzed together, incrementally) reports it too.
        upgrade = main(["compare", "padded==0.9", "padded==1.0", *common,
                        "--cache-dir", str(tmp_path / "b")])
        compared = json.loads(capsys.readouterr().out)
    for exit_code, document in ((code, inspected), (upgrade, compared)):
        assert exit_code == 1
        assert ("obfuscated-exec", "block", "padded/__init__.py", line) in [
            (a["type"], a["action"], a["file"], a["line"]) for a in document["alerts"]
        ]
        assert document["incomplete_reasons"] == [reason]
