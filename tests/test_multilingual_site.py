"""The multilingual golden site read as a person would: URLs, languages, homes, links.

``tests/sites/multilingual/`` is modelled on the first user's Jekyll blog: three languages
(one right to left, one CJK), legacy posts with -en/-cn suffixes at the top of _posts/,
notes as pages, an excluded folder of sources, a title with an unquoted ': ', a file name
with a space. ``test_golden.py`` compares it byte for byte; these tests say what matters.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from conftest import run_sitegen

from sitegen.linkcheck import check_links

SITE = Path(__file__).parent / "sites" / "multilingual"
ENV = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}
GROUPS = [("tea-en", "tea-zh", "tea-ar"), ("bread-en", "bread-cn", "bread-ar")]
LANGS = {"en": "en", "zh": "zh", "cn": "zh", "ar": "ar"}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    source = Path(shutil.copytree(SITE, tmp_path_factory.mktemp("site") / "multilingual",
                                  ignore=shutil.ignore_patterns("expected")))
    run = run_sitegen("build", "--no-cache", cwd=source, env=ENV)
    assert run.returncode == 0, run.stderr
    return source / "_site", run.stderr


def page(built: tuple[Path, str], rel: str) -> str:
    return (built[0] / rel).read_text(encoding="utf-8")


def test_builds_with_only_the_unquoted_title_warning(built: tuple[Path, str]) -> None:
    assert built[1].splitlines() == [
        "_posts/zh/2023-10-01-tea-zh.md:3: warning: value contains ': ' and is not quoted "
        "(quote the value: title: \"A: B\")"]
    assert "<h1 id=\"post-title\">绿茶: 怎么泡</h1>" in page(built, "tea-zh.html")


@pytest.mark.parametrize("slug", [s for group in GROUPS for s in group] + ["bread-en copy"])
def test_every_post_is_at_slug_lang(built: tuple[Path, str], slug: str) -> None:
    html = page(built, f"{slug}.html")
    lang = LANGS[slug.split("-")[-1].split(" ")[0]]
    assert f'<html lang="{lang}" dir="{"rtl" if lang == "ar" else "ltr"}">' in html
    url = "https://tea.example/" + slug.replace(" ", "%20")
    assert f'<link rel="canonical" href="{url}">' in html


def test_transcripts_are_conversations(built: tuple[Path, str]) -> None:
    for slug in GROUPS[0]:
        html = page(built, f"{slug}.html")
        assert html.count('class="turn asker') == html.count('class="turn answerer') >= 1


@pytest.mark.parametrize(("home", "lang"), [("index.html", "en"), ("zh/index.html", "zh"),
                                            ("ar/index.html", "ar")])
def test_each_language_home_lists_only_its_posts(built: tuple[Path, str], home: str,
                                                 lang: str) -> None:
    listed = re.findall(r'<h2 class="card-title"><a href="/([^"]+)"', page(built, home))
    expected = [s for group in GROUPS for s in group if LANGS[s.split("-")[-1]] == lang]
    if lang == "en":
        expected.append("bread-en%20copy")
    assert sorted(listed) == sorted(expected)
    feed = page(built, home.replace("index.html", "feed.xml"))
    entries = re.findall(r'<link href="https://tea.example/([^"]*)" rel="alternate"', feed)
    assert sorted(e for e in entries if not e.endswith("/") and e) == sorted(expected)


def test_relative_links_between_posts_resolve(built: tuple[Path, str]) -> None:
    assert [str(p) for p in check_links(built[0], "")] == []
    assert '<a href="../bread-en%20copy">' in page(built, "bread-en.html")


@pytest.mark.parametrize("group", GROUPS)
def test_every_post_links_its_translations(built: tuple[Path, str],
                                           group: tuple[str, ...]) -> None:
    for slug in group:
        html = page(built, f"{slug}.html")
        links = re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="https://tea.example/'
                           r'([^"]+)">', html)
        assert sorted(target for _, target in links) == sorted(group)


def test_notes_are_pages_and_site_files_are_copied(built: tuple[Path, str]) -> None:
    assert "水壶笔记" in page(built, "notes/2023-10-02-kettle-zh.html")
    assert "Mei writes about tea" in page(built, "about/index.html")
    assert (built[0] / "assets/cup.svg").is_file() and not (built[0] / "original").exists()
    assert "https://tea.example/notes/2023-10-02-kettle-en" in page(built, "sitemap.xml")
