"""`sitegen build --watch` as a user runs it: a subprocess rebuilding `_site/` on every save.

After every kind of change the site it leaves equals a clean build byte for byte; a broken
post is reported as ``path:line`` and leaves the last good site; Ctrl-C saves the cache.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import run_sitegen, tree_bytes, write_tree
from running import Running
from test_incremental import CHANGES, POST, clean_build, site_files

BROKEN = "---\ntitle: \"Broken\ntags: [a]\n---\n\nMe: Why?\n"


class Watching(Running):
    """``sitegen build --watch`` on a site, once its first build is done."""

    def __init__(self, site: Path, *args: str) -> None:
        super().__init__("build", "--watch", "--source", site, *args)
        self.wait_for_line("Watching for changes")

    def rebuilt(self) -> str:
        """The line of the next build, once no other follows it."""
        line = self.wait_for_line("Rebuilt in ")
        assert not [n for n in self.quiet_for(0.6) if n.startswith(("Rebuilt", "Build"))], \
            self.output
        return line


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return write_tree(tmp_path / "site", site_files(7))


@pytest.fixture
def watching(site: Path) -> Iterator[Watching]:
    process = Watching(site)
    yield process
    process.stop()


def test_after_every_change_the_site_equals_a_clean_build(
        site: Path, tmp_path: Path, watching: Watching) -> None:
    assert tree_bytes(site / "_site") == clean_build(site, tmp_path)
    for name, change in CHANGES.items():
        change(site)
        watching.rebuilt()
        assert tree_bytes(site / "_site") == clean_build(site, tmp_path), name


def test_an_edit_is_rebuilt_alone_and_says_so(site: Path, watching: Watching) -> None:
    post = site / "_posts/2024-01-02-post-1.md"
    post.write_text(POST.format(title="Post 1", date="2024-01-02", tags="a", q="Edited?",
                                a="Saved while watching."), encoding="utf-8")
    assert watching.rebuilt().endswith("(1 file changed)")
    page = (site / "_site/2024/01/02/post-1.html").read_text(encoding="utf-8")
    assert "Saved while watching." in page


def test_a_broken_post_is_reported_and_the_last_good_site_stays(
        site: Path, watching: Watching) -> None:
    before = tree_bytes(site / "_site")
    write_tree(site, {"_posts/2024-03-01-broken.md": BROKEN})
    assert watching.wait_for_line("Build failed: ") == "Build failed: 1 error"
    line = watching.wait_for_line("_posts/")
    assert line.startswith("_posts/2024-03-01-broken.md:2: invalid YAML in front matter")
    assert tree_bytes(site / "_site") == before
    write_tree(site, {"_posts/2024-03-01-broken.md": BROKEN.replace('"Broken', "Fixed")})
    watching.rebuilt()
    assert (site / "_site/2024/03/01/broken.html").is_file()
    assert watching.process.poll() is None


def test_ctrl_c_stops_and_saves_the_cache_for_the_next_build(site: Path) -> None:
    watching = Watching(site)
    state = next((site / ".sitegen-cache").glob("state-*.pickle"))
    saved = state.stat().st_mtime_ns
    (site / "_posts/2024-01-03-post-2.md").unlink()
    watching.rebuilt()
    status, errors = watching.stop()
    assert status == 0, errors
    assert "Stopped." in watching.output + watching.quiet_for(0.5)
    assert state.stat().st_mtime_ns > saved
    assert not (site / "_site/2024/01/03/post-2.html").exists()


def test_a_destination_inside_the_site_is_not_watched(site: Path, tmp_path: Path) -> None:
    watching = Watching(site, "--destination", str(site / "out"))
    try:
        assert (site / "out/index.html").is_file()
        assert not [n for n in watching.quiet_for(1.5) if n.startswith("Rebuilt")]
        write_tree(site, {"_posts/2024-03-02-new.md": POST.format(
            title="New", date="2024-03-02", tags="a", q="New?", a="Yes.")})
        watching.rebuilt()
        assert (site / "out/2024/03/02/new.html").is_file()
    finally:
        watching.stop()


def test_help_names_the_watch_options() -> None:
    run = run_sitegen("build", "--help")
    assert run.returncode == 0 and "--watch" in run.stdout and "--poll" in run.stdout
