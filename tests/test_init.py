"""`sitegen init` as a user runs it: a new blog that builds, and the GitHub Pages workflow."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import REPO, run_sitegen, tree_bytes, write_tree

from sitegen.linkcheck import check_links

OFFICIAL_ACTIONS = {"actions/checkout", "actions/setup-python", "actions/configure-pages",
                    "actions/upload-pages-artifact", "actions/deploy-pages"}


def test_init_makes_a_blog_that_builds(tmp_path: Path) -> None:
    run = run_sitegen("init", "blog", "--title", "Notes of Ana", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    blog = tmp_path / "blog"
    assert (blog / "_drafts").is_dir()
    assert (blog / ".gitignore").read_text(encoding="utf-8").splitlines()[1:] == [
        "_site/", ".sitegen-cache/"]
    config = yaml.safe_load((blog / "_config.yml").read_text(encoding="utf-8"))
    assert config["title"] == "Notes of Ana"
    [first] = (blog / "_posts").iterdir()
    built = run_sitegen("build", cwd=blog)
    assert built.returncode == 0, built.stderr
    assert built.stdout.startswith("Built 1 post")
    assert "Notes of Ana" in (blog / "_site/index.html").read_text(encoding="utf-8")
    [page] = (blog / "_site").rglob("how-this-blog-works/index.html")
    html = page.read_text(encoding="utf-8")
    assert html.count('class="turn ') == 4, "the first post is a transcript of four turns"
    assert first.name.endswith("-how-this-blog-works.md")
    assert check_links(blog / "_site", "") == []


def test_init_refuses_to_overwrite_and_writes_nothing(tmp_path: Path) -> None:
    blog = write_tree(tmp_path / "blog", {".gitignore": "mine\n"})
    run = run_sitegen("init", blog)
    assert run.returncode == 1
    assert ".gitignore already exists" in run.stderr
    assert tree_bytes(blog) == {".gitignore": b"mine\n"}
    assert run_sitegen("init", tmp_path / "fresh").returncode == 0
    again = run_sitegen("init", tmp_path / "fresh")
    assert again.returncode == 1 and "already is a blog" in again.stderr


def init_with_actions(tmp_path: Path) -> tuple[Path, dict[str, Any]]:
    run = run_sitegen("init", "blog", "--github-actions", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    blog = tmp_path / "blog"
    text = (blog / ".github/workflows/pages.yml").read_text(encoding="utf-8")
    return blog, yaml.safe_load(text)


def steps_using(job: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {step["uses"].split("@")[0]: step for step in job["steps"] if "uses" in step}


def test_workflow_uses_the_official_pages_actions(tmp_path: Path) -> None:
    _, flow = init_with_actions(tmp_path)
    assert flow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    assert flow[True] == {"push": {"branches": ["main"]}, "workflow_dispatch": None}
    build, deploy = flow["jobs"]["build"], flow["jobs"]["deploy"]
    used = steps_using(build) | steps_using(deploy)
    assert set(used) == OFFICIAL_ACTIONS
    assert all(step["uses"].split("@")[1].startswith("v") for step in used.values())
    assert deploy["needs"] == "build"
    assert deploy["environment"]["name"] == "github-pages"
    assert used["actions/deploy-pages"]["id"] == "deployment"
    assert deploy["environment"]["url"] == "${{ steps.deployment.outputs.page_url }}"
    pages = used["actions/configure-pages"]
    [build_step] = [s for s in build["steps"] if "sitegen build" in s.get("run", "")]
    assert build_step["env"]["BASE_PATH"] == f"${{{{ steps.{pages['id']}.outputs.base_path }}}}"
    command = shlex.split(build_step["run"])
    destination = command[command.index("--destination") + 1]
    assert command[command.index("--baseurl") + 1] == "$BASE_PATH"
    assert used["actions/upload-pages-artifact"]["with"]["path"] == destination
    assert [s["run"] for s in build["steps"] if "pip" in s.get("run", "")] == [
        "pip install sitegen"]


def sitegen_on_path(tmp_path: Path) -> dict[str, str]:
    """An environment where `sitegen` runs this checkout's code."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    shim = bin_dir / "sitegen"
    shim.write_text(f'#!/bin/sh\nexec {shlex.quote(sys.executable)} -m sitegen "$@"\n',
                    encoding="utf-8")
    shim.chmod(0o755)
    return {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
            "PYTHONPATH": str(REPO)}


@pytest.mark.parametrize("base_path", ["/blog-repo", ""])
def test_the_site_builds_the_way_the_workflow_builds_it(tmp_path: Path, base_path: str) -> None:
    blog, flow = init_with_actions(tmp_path)
    env = {**sitegen_on_path(tmp_path), "BASE_PATH": base_path}
    for step in flow["jobs"]["build"]["steps"]:
        if "run" in step and not step["run"].startswith("pip "):
            done = subprocess.run(["bash", "-e", "-c", step["run"]], cwd=blog, env=env,
                                  capture_output=True, text=True, timeout=300, check=False)
            assert done.returncode == 0, done.stderr
    site = blog / flow["jobs"]["build"]["steps"][-1]["with"]["path"]
    index = (site / "index.html").read_text(encoding="utf-8")
    assert f'href="{base_path}/feed.xml"' in index
    assert check_links(site, base_path) == []


def test_workflow_for_an_existing_blog_in_sitegens_own_repository(tmp_path: Path) -> None:
    blog = write_tree(tmp_path / "repo", {
        "pyproject.toml": '[project]\nname = "sitegen"\nversion = "1"\n',
        "_config.yml": "title: Own\n", "_posts/2024-01-01-a.md": "---\ntitle: A\n---\nhi\n",
    })
    before = tree_bytes(blog)
    run = run_sitegen("init", "--github-actions", cwd=blog)
    assert run.returncode == 0, run.stderr
    after = tree_bytes(blog)
    assert set(after) - set(before) == {".github/workflows/pages.yml"}
    flow = yaml.safe_load(after[".github/workflows/pages.yml"])
    runs = [s.get("run", "") for s in flow["jobs"]["build"]["steps"]]
    assert "pip install ." in runs


def test_workflow_for_a_blog_in_a_subfolder_of_a_repository(tmp_path: Path) -> None:
    repo = tmp_path / "project"
    repo.mkdir()
    subprocess.run(["git", "init", "-q", "-b", "trunk", str(repo)], check=True)
    run = run_sitegen("init", "docs/blog", "--github-actions", cwd=repo)
    assert run.returncode == 0, run.stderr
    flow = yaml.safe_load((repo / ".github/workflows/pages.yml").read_text(encoding="utf-8"))
    assert flow[True]["push"]["branches"] == ["trunk"]
    runs = [s.get("run", "") for s in flow["jobs"]["build"]["steps"]]
    assert 'sitegen build --source docs/blog --destination _site --baseurl "$BASE_PATH"' in runs
    assert not (repo / "docs/blog/.github").exists()


def test_pip_install_dot_ships_every_package() -> None:
    """The workflow installs sitegen's own repository with `pip install .`."""
    with (REPO / "pyproject.toml").open("rb") as handle:
        shipped = set(tomllib.load(handle)["tool"]["setuptools"]["packages"])
    on_disk = {p.parent.relative_to(REPO).as_posix().replace("/", ".")
               for p in (REPO / "sitegen").rglob("__init__.py")}
    assert on_disk <= shipped
