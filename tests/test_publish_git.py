"""The git layer of publishing, against real repositories: objects, trees, history rules."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from conftest import write_tree
from test_publish_fixtures import (
    branch_files,
    commit_all,
    git,
    git_env,  # noqa: F401 (a fixture)
    make_repos,
    snapshot,
)

from sitegen.publish import remote, tree
from sitegen.publish.git import Git, GitError, object_format, open_repo
from sitegen.publish.remote import Base, HistoryError, Target

pytestmark = pytest.mark.usefixtures("git_env")

TARGET = Target("origin", "gh-pages")


def repo_at(path: Path) -> Git:
    path.mkdir(parents=True, exist_ok=True)
    git(path, "init", "-q")
    return open_repo(path)


def commit_folder(repo: Git, folder: Path, parents: list[str], message: str = "site") -> str:
    found = tree.collect(folder)
    listing = tree.listing_of(found, object_format(repo))
    tree.write_blobs(repo, found, listing, ())
    return tree.commit_tree(repo, tree.write_tree(repo, listing), parents, message)


@pytest.mark.parametrize("data", [b"", b"hello\n", b"\x00\xff binary", "猫\r\n".encode()])
def test_blob_ids_match_git(tmp_path: Path, data: bytes) -> None:
    (tmp_path / "f").write_bytes(data)
    assert tree.blob_id(data) == git(tmp_path, "hash-object", "--no-filters", "f").strip()


def test_collect_leaves_out_hidden_files_and_symlinks(tmp_path: Path) -> None:
    root = write_tree(tmp_path / "out", {
        "index.html": "<p>hi</p>", ".nojekyll": "", ".env": "SECRET=1",
        ".git/config": "x", "a/.hidden.html": "x", "a/b.html": "b",
    })
    (tmp_path / "secret.txt").write_text("private", encoding="utf-8")
    os.symlink(tmp_path / "secret.txt", root / "leak.txt")
    os.symlink(tmp_path, root / "linked-folder")
    found = tree.collect(root)
    assert sorted(found.files) == [".nojekyll", "a/b.html", "index.html"]
    assert dict(found.left_out) == {
        ".env": "hidden file", ".git/": "hidden file", "a/.hidden.html": "hidden file",
        "leak.txt": "symbolic link", "linked-folder/": "symbolic link",
    }


def test_tree_keeps_bytes_exactly_despite_filters_and_ignore_rules(tmp_path: Path) -> None:
    repo = repo_at(tmp_path / "repo")
    git(repo.top, "config", "core.autocrlf", "true")
    (repo.top / ".git/info/attributes").write_text("* text eol=crlf\n", encoding="utf-8")
    (repo.top / ".git/info/exclude").write_text("*.html\n", encoding="utf-8")
    site = write_tree(tmp_path / "site", {"index.html": b"a\nb\n", "x/y.css": b"c\r\nd\n",
                                          "z.bin": b"\x00\x01"})
    commit = commit_folder(repo, site, [])
    assert branch_files(repo.top, commit) == ["index.html", "x/y.css", "z.bin"]
    for rel in ("index.html", "x/y.css", "z.bin"):
        shown = subprocess.run(["git", "cat-file", "blob", f"{commit}:{rel}"], cwd=repo.top,
                               capture_output=True, check=True).stdout
        assert shown == (site / rel).read_bytes()


def test_writing_a_commit_leaves_the_checkout_alone(tmp_path: Path) -> None:
    repo = repo_at(tmp_path / "repo")
    write_tree(repo.top, {"a.txt": "one\n", "b.txt": "two\n"})
    commit_all(repo.top, "start")
    write_tree(repo.top, {"a.txt": "staged\n"})
    git(repo.top, "add", "a.txt")
    write_tree(repo.top, {"b.txt": "edited\n", "new.txt": "untracked\n"})
    before = snapshot(repo.top)
    refs = git(repo.top, "for-each-ref")
    commit_folder(repo, write_tree(tmp_path / "site", {"index.html": "x"}), [])
    assert snapshot(repo.top) == before
    assert git(repo.top, "for-each-ref") == refs


def test_a_sha256_repository_works(tmp_path: Path) -> None:
    top = tmp_path / "repo"
    top.mkdir()
    git(top, "init", "-q", "--object-format=sha256")
    repo = open_repo(top)
    commit = commit_folder(repo, write_tree(tmp_path / "site", {"index.html": "x"}), [])
    assert len(commit) == 64
    assert branch_files(top, commit) == ["index.html"]


def test_not_a_repository(tmp_path: Path) -> None:
    with pytest.raises(GitError, match="is not in a git repository"):
        open_repo(tmp_path)


def test_unknown_remote_names_the_remotes_there_are(tmp_path: Path) -> None:
    repos = make_repos(tmp_path, {"a.txt": "a"})
    repo = open_repo(repos.source)
    assert remote.check_remote(repo, "origin") == str(repos.origin)
    with pytest.raises(GitError, match="no such remote 'upstream'") as caught:
        remote.check_remote(repo, "upstream")
    assert "remotes here: origin" in str(caught.value)


def test_the_checked_out_branch_is_refused(tmp_path: Path) -> None:
    repos = make_repos(tmp_path, {"a.txt": "a"})
    repo = open_repo(repos.source)
    remote.check_branch(repo, "gh-pages")
    with pytest.raises(GitError, match="'main' is checked out"):
        remote.check_branch(repo, "main")
    with pytest.raises(GitError, match="not a valid branch name"):
        remote.check_branch(repo, "bad..name")


def test_remote_tip_and_fetch(tmp_path: Path) -> None:
    repos = make_repos(tmp_path, {"a.txt": "a"})
    repo = open_repo(repos.source)
    assert remote.remote_tip(repo, TARGET) is None
    other = tmp_path / "other"
    git(tmp_path, "clone", "-q", str(repos.origin), str(other))
    git(other, "checkout", "-q", "--orphan", "gh-pages")
    write_tree(other, {"index.html": "published elsewhere"})
    tip = commit_all(other, "site")
    git(other, "push", "-q", "origin", "gh-pages")
    refs = git(repos.source, "for-each-ref")
    assert remote.remote_tip(repo, TARGET) == tip
    remote.fetch(repo, TARGET, tip)
    assert git(repos.source, "cat-file", "-t", tip).strip() == "commit"
    assert git(repos.source, "for-each-ref") == refs


def test_an_unreachable_remote_passes_on_gits_message(tmp_path: Path) -> None:
    repos = make_repos(tmp_path, {"a.txt": "a"})
    git(repos.source, "remote", "add", "gone", str(tmp_path / "nowhere.git"))
    with pytest.raises(GitError, match=r"cannot reach remote 'gone': .*nowhere\.git"):
        remote.remote_tip(open_repo(repos.source), Target("gone", "gh-pages"))


def history(tmp_path: Path) -> tuple[Git, dict[str, str]]:
    """Commits a <- b <- c, and d on a itself (diverged from b and c)."""
    repo = repo_at(tmp_path / "repo")
    made: dict[str, str] = {}
    for name, parent in (("a", None), ("b", "a"), ("c", "b"), ("d", "a")):
        site = write_tree(tmp_path / name, {"index.html": name, "CNAME": "x.example\n"})
        made[name] = commit_folder(repo, site, [made[parent]] if parent else [])
    return repo, made


@pytest.mark.parametrize(("local", "tip", "parent"), [
    (None, None, None), (None, "b", "b"), ("b", None, "b"), ("b", "b", "b"),
    ("c", "b", "c"),   # local ahead: an earlier --no-push
    ("b", "c", "c"),   # remote moved on
])
def test_choose_base(tmp_path: Path, local: str | None, tip: str | None,
                     parent: str | None) -> None:
    repo, made = history(tmp_path)
    if local:
        git(repo.top, "update-ref", TARGET.ref, made[local])
    base = remote.choose_base(repo, TARGET, made[tip] if tip else None, force=False)
    assert base.parent == (made[parent] if parent else None)


def test_diverged_history_is_refused_unless_forced(tmp_path: Path) -> None:
    repo, made = history(tmp_path)
    git(repo.top, "update-ref", TARGET.ref, made["c"])
    with pytest.raises(HistoryError, match="history this clone does not know about"):
        remote.choose_base(repo, TARGET, made["d"], force=False)
    forced = remote.choose_base(repo, TARGET, made["d"], force=True)
    assert forced == Base(made["d"], made["c"], made["d"])


def test_changes_on_the_remote_that_would_be_undone(tmp_path: Path) -> None:
    repo, made = history(tmp_path)
    base = Base(parent=made["c"], local=made["b"], remote=made["c"])
    c_files = tree.read_tree(repo, made["c"])
    assert remote.undone_changes(repo, base, c_files) == []
    b_files = tree.read_tree(repo, made["b"])
    assert remote.undone_changes(repo, base, b_files) == ["index.html"]
    cname_only = {**c_files, "CNAME": tree.Entry("100644", tree.blob_id(b"other\n"))}
    assert remote.undone_changes(repo, base, cname_only) == []
