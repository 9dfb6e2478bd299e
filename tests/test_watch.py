"""The watcher with real watchdog events: every editor's way of saving gives one change set.

Each save pattern is data: a list of steps done on disk, then the change set the watcher
must hand out (exactly one, once the burst is over) and the file's final text at that time.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
from conftest import write_tree

from sitegen.watch import ChangeKind, ChangeSet, Collector, Watcher

POST = "_posts/2024-01-01-hello.md"
SITE = {
    POST: "---\ntitle: Hello\n---\n\nMe: old?\n\nChatGPT: old.\n",
    "_drafts/idea.md": "Me: idea?\n",
    "_config.yml": "title: Test\n",
    "templates/post.html": "{{ page.title }}\n",
    "static/css/extra.css": "body {}\n",
    "_site/index.html": "built\n",
    ".sitegen-cache/state": "x\n",
    ".git/HEAD": "ref: refs/heads/main\n",
    "node_modules/pkg/index.js": "x\n",
}
NEW = "---\ntitle: Hello\n---\n\nMe: new?\n\nChatGPT: new.\n"
CONTENT = ChangeKind.CONTENT

Step = tuple[str, ...]
# name -> steps: ("write", path, text) | ("rename", src, dst) | ("delete", path)
#                | ("mkdir", path) | ("symlink", target, path) | ("sleep", seconds)
SAVE_PATTERNS: dict[str, list[Step]] = {
    "write in place": [("write", POST, NEW)],
    "write temp then rename": [("write", f"{POST}.tmp", NEW), ("rename", f"{POST}.tmp", POST)],
    "write hidden temp then rename (gedit)": [
        ("write", "_posts/.goutputstream-X1Y2", NEW),
        ("rename", "_posts/.goutputstream-X1Y2", POST)],
    "vim backup": [
        ("write", "_posts/4913", ""), ("delete", "_posts/4913"),
        ("write", "_posts/.2024-01-01-hello.md.swp", "swap"),
        ("rename", POST, f"{POST}~"), ("write", POST, NEW), ("delete", f"{POST}~"),
        ("delete", "_posts/.2024-01-01-hello.md.swp")],
    "jetbrains safe write": [
        ("write", f"{POST}___jb_tmp___", NEW), ("rename", POST, f"{POST}___jb_old___"),
        ("rename", f"{POST}___jb_tmp___", POST), ("delete", f"{POST}___jb_old___")],
    "emacs": [
        ("write", "_posts/#2024-01-01-hello.md#", "autosave"),
        ("symlink", "user@host.1234", "_posts/.#2024-01-01-hello.md"),
        ("write", POST, NEW), ("delete", "_posts/#2024-01-01-hello.md#"),
        ("delete", "_posts/.#2024-01-01-hello.md")],
    "burst of saves": [step for n in range(12)
                       for step in (("write", POST, f"{NEW}\nsave {n}\n"), ("sleep", "0.03"))]
                      + [("write", POST, NEW)],
}
IGNORED_PATTERNS: dict[str, list[Step]] = {
    "output folder": [("write", "_site/index.html", "rebuilt"), ("mkdir", "_site/new")],
    "cache folder": [("write", ".sitegen-cache/state", "y")],
    "git internals": [("write", ".git/index", "x"), ("write", ".git/objects/ab/cd", "x")],
    "editor files": [("write", f"{POST}~", "b"), ("write", "_posts/4913", ""),
                     ("write", "_posts/5036", ""), ("write", f"{POST}___jb_old___", "x"),
                     ("write", "_posts/#x.md#", "x"), ("write", "_posts/.x.md.swp", "x")],
    "dotfiles": [("write", ".env", "x"), ("write", "_posts/.DS_Store", "x")],
    "excluded folder": [("write", "node_modules/pkg/index.js", "y")],
}


def do_steps(root: Path, steps: Sequence[Step]) -> None:
    """Carry out the steps of a save pattern."""
    for op, *args in steps:
        if op == "write":
            (root / args[0]).parent.mkdir(parents=True, exist_ok=True)
            (root / args[0]).write_text(args[1], encoding="utf-8")
        elif op == "rename":
            os.rename(root / args[0], root / args[1])
        elif op == "delete":
            os.unlink(root / args[0])
        elif op == "mkdir":
            (root / args[0]).mkdir(parents=True)
        elif op == "symlink":
            os.symlink(args[0], root / args[1])
        elif op == "sleep":
            time.sleep(float(args[0]))


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return write_tree(tmp_path / "site", SITE)


@pytest.fixture
def watcher(site: Path) -> Iterator[Watcher]:
    with Watcher(site, frozenset({"_site", "node_modules"}), collector=Collector(0.2)) as w:
        yield w


def next_and_only(watcher: Watcher, settle: float = 1.0) -> ChangeSet:
    """The one change set of a burst; fails if none comes or a second one follows."""
    changes = watcher.next_changes(timeout=10)
    assert changes is not None, "no change set"
    extra = watcher.next_changes(timeout=settle)
    assert extra is None, f"a second change set followed: {extra}"
    return changes


@pytest.mark.parametrize("name", SAVE_PATTERNS)
def test_each_save_pattern_gives_one_change_set_with_the_final_text(
        site: Path, watcher: Watcher, name: str) -> None:
    do_steps(site, SAVE_PATTERNS[name])
    changes = watcher.next_changes(timeout=10)
    assert changes is not None
    assert changes.paths == {(CONTENT, POST)}
    assert (site / POST).read_text(encoding="utf-8") == NEW
    assert watcher.next_changes(timeout=1.0) is None


@pytest.mark.parametrize("name", IGNORED_PATTERNS)
def test_ignored_files_give_no_change_set(site: Path, watcher: Watcher, name: str) -> None:
    do_steps(site, IGNORED_PATTERNS[name])
    assert watcher.next_changes(timeout=1.5) is None


def test_changes_are_sorted_by_kind(site: Path, watcher: Watcher) -> None:
    do_steps(site, [("write", "_config.yml", "title: New\n"),
                    ("write", "templates/post.html", "{{ page.title }}!\n"),
                    ("write", "static/css/extra.css", "p {}\n"),
                    ("write", "_drafts/idea.md", "Me: better idea?\n"),
                    ("write", "about.md", "# About\n")])
    changes = next_and_only(watcher)
    assert changes.of_kind(ChangeKind.CONFIG) == {"_config.yml"}
    assert changes.of_kind(ChangeKind.TEMPLATES) == {"templates/post.html"}
    assert changes.of_kind(ChangeKind.STATIC) == {"static/css/extra.css"}
    assert changes.of_kind(CONTENT) == {"_drafts/idea.md", "about.md"}
    assert len(changes) == 5


def test_deleting_a_post_is_a_change(site: Path, watcher: Watcher) -> None:
    do_steps(site, [("delete", POST)])
    assert next_and_only(watcher).paths == {(CONTENT, POST)}


def test_a_folder_created_while_watching_is_watched_too(site: Path, watcher: Watcher) -> None:
    shutil.rmtree(site / "_drafts")
    assert next_and_only(watcher).paths == {(CONTENT, "_drafts"), (CONTENT, "_drafts/idea.md")}
    (site / "_drafts").mkdir()
    assert next_and_only(watcher).paths == {(CONTENT, "_drafts")}
    do_steps(site, [("write", "_drafts/later.md", "Me: later?\n")])
    assert next_and_only(watcher).paths == {(CONTENT, "_drafts/later.md")}


def test_a_renamed_folder_reports_its_new_name(site: Path, watcher: Watcher) -> None:
    os.rename(site / "_drafts", site / "_old_drafts")
    assert next_and_only(watcher).paths == {(CONTENT, "_drafts"), (CONTENT, "_old_drafts"),
                                            (CONTENT, "_old_drafts/idea.md")}
    do_steps(site, [("write", "_old_drafts/idea.md", "Me: moved?\n")])
    assert next_and_only(watcher).paths == {(CONTENT, "_old_drafts/idea.md")}


def test_changes_during_a_rebuild_are_not_lost(site: Path, watcher: Watcher) -> None:
    do_steps(site, [("write", POST, NEW)])
    first = watcher.next_changes(timeout=10)
    assert first is not None
    # The "rebuild" of `first` is running; the user saves again meanwhile.
    do_steps(site, [("write", "_drafts/idea.md", "Me: edited during the build?\n")])
    time.sleep(0.5)
    assert next_and_only(watcher).paths == {(CONTENT, "_drafts/idea.md")}


def test_polling_observer_sees_a_save(site: Path) -> None:
    with Watcher(site, frozenset({"_site"}), poll=True, collector=Collector(0.2)) as watcher:
        do_steps(site, SAVE_PATTERNS["vim backup"])
        changes = next_and_only(watcher, settle=2.5)
    assert changes.paths == {(CONTENT, POST)}


def git(site: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=T", "-c", "user.email=t@example.org",
                    "-c", "init.defaultBranch=main", *args], cwd=site, check=True,
                   capture_output=True)


def test_git_checkout_of_many_files_gives_one_change_set(tmp_path: Path) -> None:
    site = tmp_path / "repo"
    names = [f"_posts/2024-02-{n % 28 + 1:02d}-post-{n}.md" for n in range(60)]
    write_tree(site, {name: f"Me: question {name}?\n" for name in names})
    git(site, "init", "-q")
    git(site, "add", ".")
    git(site, "commit", "-qm", "first")
    git(site, "checkout", "-qb", "other")
    write_tree(site, {name: f"Me: changed {name}?\n" for name in names[:50]})
    os.unlink(site / names[59])
    write_tree(site, {"templates/post.html": "x\n"})
    git(site, "add", "-A")
    git(site, "commit", "-qm", "second")
    git(site, "checkout", "-q", "main")
    with Watcher(site, collector=Collector(0.2)) as watcher:
        git(site, "checkout", "-q", "other")
        changes = next_and_only(watcher)
        assert set(changes.of_kind(CONTENT)) == {*names[:50], names[59]}
        assert changes.of_kind(ChangeKind.TEMPLATES) == {"templates", "templates/post.html"}
        assert (site / names[0]).read_text(encoding="utf-8") == f"Me: changed {names[0]}?\n"
        git(site, "commit", "--allow-empty", "-qm", "only .git changes")
        assert watcher.next_changes(timeout=1.5) is None
