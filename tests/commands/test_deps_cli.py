from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.cli import main
from bot.manifests import MAX_MANIFEST_BYTES
from tests.gitfixture import commit, git, new_repo


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_deps_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(tmp_path / "reqs" / "base.txt", "six==1.16.0 --hash=sha256:BB --hash=sha256:aa\n")
    file = write(
        tmp_path / "requirements.txt",
        "-r reqs/base.txt\nRequests[socks]>=2 ; python_version >= '3.9'\n-r ../escape.txt\n",
    )
    assert main(["deps", str(file)]) == 0
    assert json.loads(capsys.readouterr().out) == {
        "manifests": [
            {
                "path": "requirements.txt",
                "kind": "requirements",
                "dependencies": [
                    {"name": "six", "specifier": "==1.16.0", "version": "1.16.0", "extras": [],
                     "marker": None, "group": "main", "source": "index", "url": None,
                     "hashes": ["sha256:aa", "sha256:bb"], "line": 1, "file": "reqs/base.txt"},
                    {"name": "requests", "specifier": ">=2", "version": None,
                     "extras": ["socks"], "marker": 'python_version >= "3.9"', "group": "main",
                     "source": "index", "url": None, "hashes": [], "line": 2,
                     "file": "requirements.txt"},
                ],
                "errors": [
                    {"line": 3, "message": "include '../escape.txt' points outside the repository"}
                ],
            }
        ]
    }


def test_deps_text(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    file = write(tmp_path / "requirements-dev.txt", "pytest==8.2.0\nbad==\n")
    assert main(["deps", str(file), "--format", "text"]) == 0
    assert capsys.readouterr().out == (
        "requirements-dev.txt (requirements)\n"
        "  pytest==8.2.0  (main) requirements-dev.txt:1\n"
        "  error: line 2: invalid requirement 'bad==': Expected semicolon (after name with no "
        "version specifier) or end\n"
    )


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("missing.txt", None, "capdiff: {path}: no such file\n"),
        ("notes.md", "hi\n", "capdiff: {path}: not a manifest capdiff reads (requirements "
         ".txt/.in, pyproject or lock TOML, setup.cfg, setup.py, Pipfile, Pipfile.lock)\n"),
        ("requirements.txt", "#" * (MAX_MANIFEST_BYTES + 1),
         "capdiff: requirements.txt: 5242881 bytes is over the 5242880-byte limit for a "
         "manifest\n"),
    ],
)
def test_deps_unusable_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, content: str | None,
    message: str,
) -> None:
    path = tmp_path / name
    if content is not None:
        write(path, content)
    assert main(["deps", str(path)]) == 2
    captured = capsys.readouterr()
    assert (captured.out, captured.err) == ("", message.format(path=path))


def test_deps_diff_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base = write(tmp_path / "base" / "requirements.txt", "requests==2.31.0\nsix==1.16.0\n")
    head = write(tmp_path / "head" / "requirements.txt", "requests==2.32.3\nidna>=3\n")
    assert main(["deps-diff", str(base), str(head), "--format", "text"]) == 0
    assert capsys.readouterr().out == (
        "idna >=3 (added) requirements.txt:2\n"
        "requests 2.31.0 → 2.32.3 (upgraded) requirements.txt:1\n"
        "six 1.16.0 (removed) requirements.txt:2\n"
    )
    assert main(["deps-diff", str(base), str(head)]) == 0
    assert json.loads(capsys.readouterr().out)["changes"][1] == {
        "name": "requests", "change": "upgraded",
        "old": {"version": "2.31.0", "specifier": "==2.31.0"},
        "new": {"version": "2.32.3", "specifier": "==2.32.3"},
        "manifest": "requirements.txt", "line": 1,
    }


def test_deps_diff_git_range_follows_changed_includes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = new_repo(tmp_path / "repo")
    commit(repo, {
        "requirements.txt": "-r reqs/base.txt\nflask==3.0.0\n",
        "reqs/base.txt": "requests==2.31.0\n",
        "README.md": "x\n",
    }, "base")
    git(repo, "checkout", "-q", "-b", "bump")
    commit(repo, {"reqs/base.txt": "requests==2.32.3\nurllib3==2.2.1\n"}, "bump")
    assert main(["deps-diff", "--repo", str(repo), "--base", "main", "--head", "bump",
                 "--format", "text"]) == 0
    assert capsys.readouterr().out == (
        "requests 2.31.0 → 2.32.3 (upgraded) reqs/base.txt:1\n"
        "urllib3 2.2.1 (added) reqs/base.txt:2\n"
    )


def test_deps_diff_git_range_added_and_deleted_manifests(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = new_repo(tmp_path / "repo")
    commit(repo, {"old/requirements.txt": "six==1.16.0\n"}, "base")
    git(repo, "checkout", "-q", "-b", "move")
    commit(repo, {"old/requirements.txt": None, "requirements/prod.txt": "attrs==23.2.0\n"},
           "move")
    assert main(["deps-diff", "--repo", str(repo), "--base", "main", "--head", "move",
                 "--format", "text"]) == 0
    assert capsys.readouterr().out == (
        "attrs 23.2.0 (added) requirements/prod.txt:1\n"
        "six 1.16.0 (removed) old/requirements.txt:1\n"
    )


def test_deps_diff_bad_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = new_repo(tmp_path / "repo")
    commit(repo, {"requirements.txt": "six\n"}, "base")
    assert main(["deps-diff", "--repo", str(repo), "--base", "main", "--head", "nope"]) == 2
    assert capsys.readouterr().err == f"capdiff: bad git ref 'nope': not a commit in {repo}\n"
    assert main(["deps-diff", "--repo", str(tmp_path), "--base", "a", "--head", "b"]) == 2
    assert capsys.readouterr().err == f"capdiff: {tmp_path}: not a git repository\n"
    assert main(["deps-diff", str(tmp_path / "one.txt")]) == 2
    assert capsys.readouterr().err == (
        "capdiff: deps-diff needs BASE_FILE HEAD_FILE, or --repo, --base and --head\n"
    )


def test_deps_in_a_git_repo_uses_the_repository_path(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = new_repo(tmp_path / "repo")
    write(repo / "requirements" / "base.txt", "-r ../shared.txt\nsix\n")
    write(repo / "shared.txt", "idna==3.7\n")
    assert main(["deps", str(repo / "requirements" / "base.txt"), "--format", "text"]) == 0
    assert capsys.readouterr().out == (
        "requirements/base.txt (requirements)\n"
        "  idna==3.7  (main) shared.txt:1\n"
        "  six  (main) requirements/base.txt:2\n"
    )


def test_deps_does_not_follow_a_symlink_out_of_the_root(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(tmp_path / "secret.txt", "token==1\n")
    project = tmp_path / "project"
    file = write(project / "requirements.txt", "-r link.txt\n")
    (project / "link.txt").symlink_to(tmp_path / "secret.txt")
    assert main(["deps", str(file)]) == 0
    (manifest,) = json.loads(capsys.readouterr().out)["manifests"]
    assert manifest["dependencies"] == []
    assert manifest["errors"] == [{
        "line": 1,
        "message": f"included file 'link.txt' unreadable: link.txt: outside {project}",
    }]


def test_files_named_on_the_command_line_are_read_whatever_their_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old = write(tmp_path / "old.txt", "requests==2.31.0\n")
    new = write(tmp_path / "new.txt", "requests==2.32.3\n")
    assert main(["deps-diff", str(old), str(new), "--format", "text"]) == 0
    assert capsys.readouterr().out == "requests 2.31.0 → 2.32.3 (upgraded) new.txt:1\n"
    project = write(tmp_path / "deps.toml", '[project]\nname = "x"\ndependencies = ["idna>=3"]\n')
    legacy = write(tmp_path / "legacy.cfg", "[metadata]\nrequires-dist = six (>=1.9)\n")
    assert main(["deps", str(project), str(legacy), "--format", "text"]) == 0
    assert capsys.readouterr().out == (
        "deps.toml (pyproject)\n"
        "  idna>=3  (main) deps.toml:3\n"
        "legacy.cfg (setup.cfg)\n"
        "  six>=1.9  (main) legacy.cfg:2\n"
    )
