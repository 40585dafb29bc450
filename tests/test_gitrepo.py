from __future__ import annotations

from pathlib import Path

import pytest

from bot.errors import InputError
from bot.gitrepo import GitRepo, git_toplevel
from bot.manifests import MAX_MANIFEST_BYTES
from tests.gitfixture import commit, git, new_repo


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    path = new_repo(tmp_path / "repo")
    commit(path, {"requirements.txt": "six==1.16.0\n", "old.txt": "x\n"}, "base")
    git(path, "checkout", "-q", "-b", "feature")
    commit(path, {"requirements.txt": "six==1.17.0\n", "old.txt": None, "new.txt": "x\n"},
           "feature work")
    git(path, "checkout", "-q", "main")
    commit(path, {"unrelated.txt": "main moved on\n"}, "main moves")
    return path


def test_changed_paths_use_merge_base_and_list_renames_as_two_paths(repo: Path) -> None:
    assert GitRepo(repo).changed_paths("main", "feature") == [
        "new.txt", "old.txt", "requirements.txt"
    ]


def test_read_file_at_a_commit(repo: Path) -> None:
    git_repo = GitRepo(repo)
    assert git_repo.read_file("feature", "requirements.txt") == b"six==1.17.0\n"
    assert git_repo.read_file("main", "new.txt") is None
    assert git_repo.reader("main")("requirements.txt") == "six==1.16.0\n"
    assert sorted(git_repo.list_files("main")) == ["old.txt", "requirements.txt", "unrelated.txt"]


def test_errors_are_one_line_input_errors(repo: Path, tmp_path: Path) -> None:
    git_repo = GitRepo(repo)
    with pytest.raises(InputError, match=r"^bad git ref 'nope': not a commit in "):
        git_repo.resolve("nope")
    with pytest.raises(InputError, match=r"^bad git ref '--output=x'$"):
        git_repo.resolve("--output=x")
    with pytest.raises(InputError, match=r"^../x: path outside the repository$"):
        git_repo.read_file("main", "../x")
    (tmp_path / "plain").mkdir()
    with pytest.raises(InputError, match=r"plain: not a git repository$"):
        GitRepo(tmp_path / "plain")
    assert git_toplevel(tmp_path / "plain") is None
    assert git_toplevel(repo) == repo.resolve()


def test_oversized_blob_is_refused(repo: Path) -> None:
    commit(repo, {"requirements.txt": "#" * (MAX_MANIFEST_BYTES + 1)}, "huge")
    with pytest.raises(InputError, match=r"^requirements.txt: 5242881 bytes is over the "):
        GitRepo(repo).read_file("main", "requirements.txt")


def test_hooks_and_filters_do_not_run(repo: Path, tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    hook = repo / ".git" / "hooks" / "post-checkout"
    hook.write_text(f"#!/bin/sh\ntouch {marker}\n")
    hook.chmod(0o755)
    git(repo, "config", "filter.evil.smudge", f"touch {marker}; cat")
    (repo / ".gitattributes").write_text("*.txt filter=evil diff=evil\n")
    git(repo, "config", "diff.evil.textconv", f"touch {marker}; cat")
    commit(repo, {"requirements.txt": "six==2\n"}, "attrs")
    git_repo = GitRepo(repo)
    assert git_repo.read_file("HEAD", "requirements.txt") == b"six==2\n"
    git_repo.changed_paths("HEAD~1", "HEAD")
    assert not marker.exists()


def test_staged_and_worktree_sides(repo: Path) -> None:
    git_repo = GitRepo(repo)
    (repo / "requirements.txt").write_text("six==1.18.0\n", encoding="utf-8")
    (repo / "requirements-dev.txt").write_text("pytest==8\n", encoding="utf-8")
    (repo / ".gitignore").write_text("ignored-requirements.txt\n", encoding="utf-8")
    (repo / "ignored-requirements.txt").write_text("x\n", encoding="utf-8")
    assert git_repo.changed_paths_staged("HEAD") == []
    assert git_repo.changed_paths_worktree("HEAD") == [
        ".gitignore", "requirements-dev.txt", "requirements.txt"
    ]
    assert git_repo.read_worktree("requirements.txt") == b"six==1.18.0\n"
    assert git_repo.read_staged("requirements.txt") == b"six==1.16.0\n"
    git(repo, "add", "requirements-dev.txt")
    assert git_repo.changed_paths_staged("HEAD") == ["requirements-dev.txt"]
    assert git_repo.read_staged("requirements-dev.txt") == b"pytest==8\n"
    assert git_repo.read_staged("nothing.txt") is None
    assert git_repo.read_worktree("nothing.txt") is None
    assert "requirements-dev.txt" in git_repo.list_staged_files()
    assert "ignored-requirements.txt" not in git_repo.list_worktree_files()


def test_worktree_reads_stay_inside_the_work_tree(repo: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("token\n", encoding="utf-8")
    (repo / "requirements-link.txt").symlink_to(secret)
    with pytest.raises(InputError, match=r"^requirements-link.txt: outside /"):
        GitRepo(repo).read_worktree("requirements-link.txt")
    with pytest.raises(InputError, match=r"path outside the repository$"):
        GitRepo(repo).read_worktree("../secret.txt")


def test_subdirectory_paths_are_relative_to_the_top(repo: Path) -> None:
    (repo / "sub").mkdir()
    (repo / "sub" / "requirements.txt").write_text("a==1\n", encoding="utf-8")
    git_repo = GitRepo(repo / "sub")
    assert git_repo.changed_paths_worktree("HEAD") == ["sub/requirements.txt"]
    assert git_repo.read_worktree("sub/requirements.txt") == b"a==1\n"
