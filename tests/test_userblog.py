"""End to end: the sample of the first user's real Jekyll blog builds as it is.

Runs when ``../shared/userblog`` (next to the repository) is present, and is skipped
otherwise; its posts are never copied into the project. The sample is read in place and
built into a temporary folder with ``--no-cache``, so nothing is written next to it.
"""

from __future__ import annotations

import re
import shutil
import stat
from pathlib import Path

import pytest
from conftest import SHARED, run_sitegen

from sitegen.config import load
from sitegen.linkcheck import check_links
from sitegen.model import Post
from sitegen.pages_source import discover_pages, read_pages
from sitegen.posts import read_or_problem
from sitegen.render import PostRenderer
from sitegen.sources import POST_NAME, discover
from sitegen.translations import group_translations

BLOG = SHARED / "userblog"
pytestmark = pytest.mark.skipif(not BLOG.is_dir(), reason="../shared/userblog is not here")
SITE_URL = "https://lzwjava.github.io"


def posts_of_blog() -> list[Path]:
    return sorted((BLOG / "_posts").rglob("*.md"))


def slug_of(path: Path) -> str:
    match = POST_NAME.match(path.name)
    assert match, path
    return match["slug"]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    destination = tmp_path_factory.mktemp("userblog") / "site"
    run = run_sitegen("build", "--no-cache", "--source", BLOG, "--destination", destination)
    assert run.returncode == 0, run.stderr
    return destination, run.stderr


def test_builds_with_warnings_at_most(built: tuple[Path, str]) -> None:
    problems = built[1].splitlines()
    assert all(": warning: " in line for line in problems), problems
    assert not (BLOG / ".sitegen-cache").exists() and not (BLOG / "_site").exists()


@pytest.mark.parametrize("path", posts_of_blog(), ids=lambda p: p.name)
def test_every_post_is_where_jekyll_puts_it(built: tuple[Path, str], path: Path) -> None:
    slug = slug_of(path)
    html = (built[0] / f"{slug}.html").read_text(encoding="utf-8")
    url = SITE_URL + "/" + slug.replace(" ", "%20")
    assert f'<link rel="canonical" href="{url}">' in html
    direction = "rtl" if path.parent.name == "ar" else "ltr"
    assert re.search(f'<html lang="[^"]+" dir="{direction}">', html)


def test_language_homes_list_only_their_language(built: tuple[Path, str]) -> None:
    homes = [built[0] / "zh/index.html", *(built[0] / "zh/page").glob("*/index.html")]
    listed = {slug for home in homes for slug in re.findall(
        r'<h2 class="card-title"><a href="/([^"]+)"', home.read_text(encoding="utf-8"))}
    expected = {slug_of(p) for p in posts_of_blog() if slug_of(p).endswith(("-zh", "-cn"))}
    assert listed == expected


def test_relative_links_resolve_unless_their_target_is_not_in_the_sample(
        built: tuple[Path, str]) -> None:
    slugs = {slug_of(p) for p in posts_of_blog()}
    for problem in check_links(built[0], ""):
        target = re.search(r"broken link to (\S+)", problem.message)
        assert target, problem
        name = target.group(1).rstrip("/").split("/")[-1]
        assert name not in slugs and not list(BLOG.rglob(name)), str(problem)


def test_posts_are_grouped_with_their_translations() -> None:
    config, _ = load(BLOG)
    found, _ = discover(config, False)
    posts = [p for p in (read_or_problem(s, config) for s in found) if isinstance(p, Post)]
    groups, problems = group_translations(posts, config.languages)
    langs = {rel: [p.lang for p in group] for rel, group in groups.items()}
    assert langs["_posts/ar/2020-03-04-thanks-ar.md"] == [
        "en", "ar", "de", "es", "fr", "hant", "hi", "ja", "zh"]
    assert langs["_posts/2024-12-18-future-cn.md"] == ["en", "zh"]
    assert len(langs["_posts/fr/2012-01-02-wife-fr.md"]) == 4
    assert "_posts/2024-12-18-repeatition-benefits-cn.md" not in groups and problems == []
    assert len(groups) == 9 + 9 + 4 + 2 + 2 * 6


def test_transcripts_without_a_path_are_conversations() -> None:
    """The chats with speaker labels; ``my-first-chat`` marks questions as quotes instead."""
    config, _ = load(BLOG)
    pages, problems = read_pages(discover_pages(config).pages, config)
    renderer = PostRenderer(config, {})
    transcripts = [p for p in pages if p.source.rel.startswith("transcripts-without-path/")]
    assert len(transcripts) == 6 and problems == []
    for page in transcripts:
        rendered = renderer.render(page)
        labelled = "my-first-chat" not in page.source.rel
        assert rendered.transcript.is_transcript == labelled, page.source.rel
        assert len(rendered.exchanges) >= labelled and rendered.content_html


def test_pages_and_translations_in_the_built_site(built: tuple[Path, str]) -> None:
    page = built[0] / "transcripts-without-path/learn-llama__id5725204427.html"
    assert 'class="turn asker' in page.read_text(encoding="utf-8")
    thanks = (built[0] / "thanks-ar.html").read_text(encoding="utf-8")
    assert thanks.count('<link rel="alternate" hreflang=') == 9
    assert (built[0] / "MANIFEST.tsv").is_file()


def test_a_read_only_source_is_left_as_it_is(tmp_path: Path) -> None:
    source = Path(shutil.copytree(BLOG, tmp_path / "blog"))
    for path in [source, *source.rglob("*")]:
        path.chmod(path.stat().st_mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
    before = sorted(p.relative_to(source) for p in source.rglob("*"))
    try:
        run = run_sitegen("build", "--source", source, "--destination", tmp_path / "site")
        assert run.returncode == 0, run.stderr
        assert sorted(p.relative_to(source) for p in source.rglob("*")) == before
    finally:
        for path in [source, *source.rglob("*")]:
            path.chmod(path.stat().st_mode | stat.S_IWUSR)
