"""Helpers shared by the publish tests: real git repositories in temporary folders.

Git runs with a private global config and a fixed identity, so the tests depend neither
on the machine's git configuration nor on the network (remotes are bare repositories).
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import tree_bytes, write_tree

IDENTITY = {
    "GIT_AUTHOR_NAME": "Test Author", "GIT_AUTHOR_EMAIL": "author@example.com",
    "GIT_COMMITTER_NAME": "Test Committer", "GIT_COMMITTER_EMAIL": "committer@example.com",
}


@pytest.fixture
def git_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A private git configuration and identity for the test and its subprocesses."""
    config = tmp_path / "gitconfig"
    config.write_text("[init]\n\tdefaultBranch = main\n[advice]\n\tdetachedHead = false\n",
                      encoding="utf-8")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(config))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_TERMINAL_PROMPT", "0")
    for name, value in IDENTITY.items():
        monkeypatch.setenv(name, value)
    for name in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"):
        monkeypatch.delenv(name, raising=False)
    yield


def git(cwd: Path, *args: str, stdin: str | None = None) -> str:
    """Run git in `cwd`; fail the test with git's message when it fails."""
    done = subprocess.run(["git", *args], cwd=cwd, input=stdin, capture_output=True,
                          text=True, check=False)
    assert done.returncode == 0, f"git {' '.join(args)}: {done.stderr}"
    return done.stdout


def commit_all(repo: Path, message: str) -> str:
    """Stage everything in a test repository, commit it and return the commit."""
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)
    return git(repo, "rev-parse", "HEAD").strip()


@dataclass(frozen=True)
class Repos:
    """A blog in a git repository with a bare repository as its ``origin``."""

    source: Path
    origin: Path


def make_repos(root: Path, files: Mapping[str, str | bytes]) -> Repos:
    """Create the bare origin and the blog's repository with one commit of `files`."""
    origin = root / "origin.git"
    git(root, "init", "-q", "--bare", str(origin))
    source = write_tree(root / "blog", files)
    git(source, "init", "-q")
    commit_all(source, "First version of the blog")
    git(source, "remote", "add", "origin", str(origin))
    git(source, "push", "-q", "origin", "main")
    return Repos(source, origin)


def clone_branch(origin: Path, branch: str, into: Path) -> Path:
    """A fresh clone of one branch of `origin`."""
    git(origin.parent, "clone", "-q", "--branch", branch, str(origin), str(into))
    return into


def branch_files(repo: Path, ref: str) -> list[str]:
    """The paths of every file in a commit."""
    return git(repo, "ls-tree", "-r", "--name-only", "-z", ref).rstrip("\0").split("\0")


def snapshot(repo: Path) -> dict[str, object]:
    """Everything of the user's checkout that publishing must leave as it was."""
    env = {**os.environ, "GIT_OPTIONAL_LOCKS": "0"}

    def quiet(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True,
                              env=env, check=False).stdout

    work = {k: v for k, v in tree_bytes(repo).items() if not k.startswith(".git/")}
    return {
        "status": quiet("status", "--porcelain", "--untracked-files=all"),
        "staged": quiet("diff", "--cached"), "unstaged": quiet("diff"),
        "stash": quiet("stash", "list", "--format=%H %s"), "head": quiet("rev-parse", "HEAD"),
        "branch": quiet("symbolic-ref", "HEAD"), "index": (repo / ".git/index").read_bytes(),
        "files": work,
    }
