"""``sitegen check`` on Jekyll sites: every difference reported, nothing written, exit codes.

``fixtures/check/<site>/`` is a site and ``fixtures/check/<site>.expected`` is what check
prints for it, line for line, before the summary.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import run_sitegen, tree_bytes, write_tree

FIXTURES = Path(__file__).parent / "fixtures" / "check"


def copy_site(name: str, tmp_path: Path) -> Path:
    return Path(shutil.copytree(FIXTURES / name, tmp_path / name))


def test_a_jekyll_site_gets_every_difference_and_builds(tmp_path: Path) -> None:
    site = copy_site("jekyll", tmp_path)
    before = tree_bytes(site)
    run = run_sitegen("check", "--source", site)
    assert run.returncode == 0, run.stderr
    *lines, summary = run.stdout.splitlines()
    assert lines == (FIXTURES / "jekyll.expected").read_text("utf-8").splitlines()
    assert summary.startswith("10 differences from Jekyll, 6 warnings; the site builds (2 posts")
    assert tree_bytes(site) == before and sorted(p.name for p in site.iterdir()) == sorted(
        p.name for p in (FIXTURES / "jekyll").iterdir())


def test_strict_fails_on_differences(tmp_path: Path) -> None:
    run = run_sitegen("check", "--strict", "--source", copy_site("jekyll", tmp_path))
    assert run.returncode == 1 and "the site builds" in run.stdout


def test_a_site_that_does_not_build_fails_with_its_errors(tmp_path: Path) -> None:
    site = write_tree(tmp_path, {"_config.yml": "plugins: [jekyll-feed]\n",
                                 "_posts/2024-01-02-a.md": "---\ndate: someday\n---\nText\n"})
    run = run_sitegen("check", "--source", site)
    assert run.returncode == 1
    assert run.stdout.splitlines() == [
        "_posts/2024-01-02-a.md:2: cannot read date 'someday' (write YYYY-MM-DD HH:MM:SS +ZZZZ)",
        "_config.yml:1: warning: plugin jekyll-feed: built in: sitegen writes feed.xml (and one "
        "per language)"]
    assert run.stderr.strip() == "1 difference from Jekyll; the site does not build (1 error)"


def test_a_plain_sitegen_site_has_no_differences(tmp_path: Path) -> None:
    site = write_tree(tmp_path, {"_config.yml": "title: T\n",
                                 "_posts/2024-01-02-a.md": "---\ntitle: A\n---\nText\n"})
    run = run_sitegen("check", "--strict", "--source", site)
    assert run.returncode == 0, run.stdout + run.stderr
    [line] = run.stdout.splitlines()
    assert line.startswith("0 differences from Jekyll; the site builds (1 post, ")
