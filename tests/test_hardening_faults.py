"""Faults mid-build: template errors, write failures, a full disk, Ctrl-C, two builds at once.
Whatever happens, the previous output stays intact, no staging folder is left behind, the
sources are untouched and the cache stays valid."""

from __future__ import annotations

import errno
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import run_sitegen, sitegen_command, tree_bytes, write_tree

from sitegen import output
from sitegen.build import BuildOptions, build
from sitegen.errors import BuildFailed, SitegenError

POST = "---\ntitle: \"Post {n}\"\n---\n\nMe: Question {n}?\n\nChatGPT: Answer {n}.\n\n```python\nprint({n})\n```\n"


def posts(count: int) -> dict[str, str]:
    return {f"_posts/2024-01-01-post-{n:03d}.md": POST.format(n=n) for n in range(count)}


def leftovers(site: Path) -> list[str]:
    return [p.name for p in site.iterdir() if "staging" in p.name or ".old-" in p.name]


def test_template_error_in_post_40_of_100_names_that_post(tmp_path: Path) -> None:
    site = write_tree(tmp_path / "site", posts(100))
    assert run_sitegen("build", cwd=site).returncode == 0
    before = tree_bytes(site / "_site")
    theme_post = (Path(__file__).parents[1] / "templates/post.html").read_text(encoding="utf-8")
    write_tree(site, {"templates/post.html": theme_post.replace(
        "{% block main %}", "{% block main %}{% if page.title == 'Post 40' %}{{ page.no_such_field }}{% endif %}", 1)})
    run = run_sitegen("build", cwd=site)
    assert run.returncode == 1
    assert "_posts/2024-01-01-post-040.md: template 'post.html'" in run.stderr, run.stderr
    assert "no_such_field" in run.stderr
    assert tree_bytes(site / "_site") == before
    assert leftovers(site) == []


def failing_write(after: int, err: int) -> object:
    calls = {"n": 0}
    real = output.write_file

    def write(staging: Path, rel: str, data: bytes) -> None:
        calls["n"] += 1
        if calls["n"] > after:
            raise OSError(err, os.strerror(err), str(staging / rel))
        real(staging, rel, data)
    return write


@pytest.mark.parametrize(("case", "err"), [("permission denied", errno.EACCES),
                                           ("disk full", errno.ENOSPC)])
def test_write_failure_is_a_clear_error_and_keeps_the_previous_site(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: str, err: int) -> None:
    site = write_tree(tmp_path / "site", posts(20))
    options = BuildOptions(source=site, jobs=1)
    build(options)
    before = tree_bytes(site / "_site")
    write_tree(site, {"_posts/2024-01-01-post-005.md": POST.format(n="five")})
    monkeypatch.setattr("sitegen.workers.write_file", failing_write(0, err))
    monkeypatch.setattr("sitegen.pages.write_file", failing_write(3, err))
    with pytest.raises(SitegenError) as info:
        build(options)
    assert not isinstance(info.value, BuildFailed)
    assert "cannot write the site" in str(info.value)
    assert os.strerror(err) in str(info.value)
    assert tree_bytes(site / "_site") == before
    assert leftovers(site) == []
    monkeypatch.undo()
    build(options)
    assert "Answer five" in (site / "_site/2024/01/01/post-005.html").read_text()


def wait_until_building(site: Path, proc: subprocess.Popen[str]) -> None:
    """Return once the build has started writing (its staging folder exists) or ended."""
    deadline = time.monotonic() + 120
    while proc.poll() is None and time.monotonic() < deadline:
        if any("staging" in p.name for p in site.iterdir()):
            return
        time.sleep(0.01)


def test_ctrl_c_at_random_points_leaves_old_or_new_site_and_a_valid_cache(tmp_path: Path) -> None:
    site = write_tree(tmp_path / "site", posts(150))
    assert run_sitegen("build", cwd=site).returncode == 0
    rng = random.Random(7)
    interrupted = 0
    for attempt in range(4):
        old = tree_bytes(site / "_site")
        write_tree(site, {f"_posts/2024-01-01-post-{n:03d}.md": POST.format(n=f"{n}-{attempt}")
                          for n in range(0, 150, 3)})
        proc = subprocess.Popen(sitegen_command("build", "--quiet"), cwd=site,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        wait_until_building(site, proc)
        time.sleep(rng.uniform(0.0, 1.0))
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=120)
        assert proc.returncode in (0, 130), err
        assert "Traceback" not in err
        assert leftovers(site) == []
        left = tree_bytes(site / "_site")
        rebuilt = run_sitegen("build", cwd=site)
        assert rebuilt.returncode == 0
        clean = run_sitegen("build", "--no-cache", "-d", tmp_path / "clean", cwd=site)
        assert clean.returncode == 0
        new = tree_bytes(tmp_path / "clean")
        assert tree_bytes(site / "_site") == new
        if proc.returncode == 130:
            interrupted += 1
            # Ctrl-C while the new site is moved in is held until it is all there.
            assert left in (old, new)
        else:
            assert left == new
    assert interrupted, "no build was stopped by Ctrl-C"


def test_two_builds_at_once_both_succeed_one_after_the_other(tmp_path: Path) -> None:
    site = write_tree(tmp_path / "site", posts(60))
    procs = [subprocess.Popen([sys.executable, "-m", "sitegen", "build", "--quiet"], cwd=site,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(2)]
    results = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], results
    assert leftovers(site) == []
    clean = run_sitegen("build", "--no-cache", "-d", tmp_path / "clean", cwd=site)
    assert clean.returncode == 0
    assert tree_bytes(site / "_site") == tree_bytes(tmp_path / "clean")


@pytest.mark.parametrize("env", [
    {"PYTHONHASHSEED": "12345"},
    {"TZ": "Pacific/Kiritimati"},
    {"LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"},
    {"TZ": "America/Los_Angeles", "PYTHONHASHSEED": "7", "LC_ALL": "C"},
])
def test_builds_are_identical_under_other_hash_seeds_locales_and_zones(
        tmp_path: Path, env: dict[str, str]) -> None:
    site = write_tree(tmp_path / "site", {**posts(5), "_config.yml": "title: T\n",
                                          "_drafts/undated.md": "Me: a?\n\nChatGPT: b.\n"})
    os.utime(site / "_drafts/undated.md", (1_700_000_000, 1_700_000_000))
    base = {k: v for k, v in os.environ.items() if k not in ("TZ", "LC_ALL", "LANG")}
    one = run_sitegen("build", "--drafts", "--no-cache", "-d", tmp_path / "one", cwd=site,
                      env={**base, "PYTHONHASHSEED": "0", "TZ": "UTC"})
    two = run_sitegen("build", "--drafts", "--no-cache", "-d", tmp_path / "two", cwd=site,
                      env={**base, **env})
    assert one.returncode == two.returncode == 0, one.stderr + two.stderr
    assert tree_bytes(tmp_path / "one") == tree_bytes(tmp_path / "two")
