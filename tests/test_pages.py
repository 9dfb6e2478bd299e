"""Pages and static files outside _posts/, found and placed the way Jekyll does."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import write_tree

from sitegen.config import load
from sitegen.model import Kind, SourceFile
from sitegen.pages_source import discover_pages, read_pages, render_html_page, render_page
from sitegen.posts import read_post as read_page
from sitegen.posts import skip_reason
from sitegen.render import PostRenderer

FIXTURES = Path(__file__).parent / "fixtures" / "pages"
FM = "---\ntitle: T\n---\nText\n"


def rows(name: str) -> list[pytest.ParameterSet]:
    cases = []
    for number, line in enumerate((FIXTURES / name).read_text("utf-8").splitlines(), start=1):
        if line.strip() and not line.startswith("#"):
            cases.append(pytest.param(*[c.strip() for c in line.split(" | ")], id=f"line{number}"))
    return cases


@pytest.mark.parametrize(("style", "rel", "permalink", "url", "output"), rows("page_urls.txt"))
def test_page_url(tmp_path: Path, style: str, rel: str, permalink: str, url: str,
                  output: str) -> None:
    site = write_tree(tmp_path, {"_config.yml": f"permalink: {style}\n",
                                 rel: f"---\npermalink: {permalink}\n---\nText\n" if permalink
                                 else FM})
    config, _ = load(site)
    page = read_page(SourceFile(site / rel, rel, Kind.PAGE), config)
    assert (page.url, page.output) == (url, output)


SITE = {
    "_config.yml": "exclude: [c, secret/, '*.log']\ninclude: [.well-known]\n",
    "about.md": FM, "notes/2025-06-03-softmax-en.md": FM, "original/2020-03-04-thanks-zh.md": FM,
    "contact.md": FM, "css/site.css": "body {}", "assets/img.png": b"\x89PNG",
    "assets/style.scss": "---\n---\n@import 'x';\n", "feed.xml": "---\nlayout: null\n---\n<feed/>",
    "README.md": "# Read me\n", "readme.txt": "hi\n", "notes.md": "No front matter\n",
    "_drafts/2020-01-01-d.md": FM, "_layouts/default.html": "{{ content }}",
    "_includes/x.html": "x", ".git/config": "[core]", "secret/x.md": FM, "debug.log": "x",
    "templates/post.html": "{{ page.title }}", "static/x.css": "x", "_site/index.html": "old",
    "backup.md~": FM, "#draft.md#": FM, "node_modules/x.js": "x", ".well-known/security.txt": "x",
    "CNAME": "example.org\n", "out/index.html": "built before",
    "page.html": "---\ntitle: HTML\n---\n<div>\n\n    <p>kept as written</p>\n</div>\n",
    "bom.md": "\ufeff---\ntitle: B\n---\nText\n",
}


def test_pages_and_static_files_are_found_as_jekyll_finds_them(tmp_path: Path) -> None:
    site = write_tree(tmp_path / "site", SITE)
    config, _ = load(site)
    found = discover_pages(config, site / "out")
    assert [p.rel for p in found.pages] == [
        "about.md", "bom.md", "notes/2025-06-03-softmax-en.md",
        "original/2020-03-04-thanks-zh.md", "page.html"]
    assert sorted(found.static) == [".well-known/security.txt", "CNAME", "assets/img.png",
                                    "notes.md", "readme.txt"]
    assert [str(p) for p in found.problems] == [
        "assets/style.scss:1: warning: has front matter, so Jekyll would run Liquid over it; "
        "sitegen does not, and leaves it out (remove the front matter to copy it as it is)",
        "feed.xml:1: warning: sitegen writes its own feed.xml; this Liquid template is not used "
        "(delete it, or keep it for Jekyll)"]


def test_a_page_reads_its_language_date_and_layout(tmp_path: Path) -> None:
    site = write_tree(tmp_path, {
        "_config.yml": "permalink: /:title\nlanguages: [en, zh]\n",
        "notes/2025-06-03-softmax-zh.md": "---\ntitle: Softmax 函数\nlayout: post\n---\nText\n",
        "zh/about.md": "---\ntitle: 关于\n---\nText\n",
        "hidden.md": "---\npublished: false\n---\nText\n",
    })
    config, _ = load(site)
    pages, problems = read_pages(discover_pages(config).pages, config)
    got = [(p.url, p.lang, p.layout, p.date.date().isoformat()[:7]) for p in pages]
    assert got[0] == ("/notes/2025-06-03-softmax-zh", "zh", "post", "2025-06")
    assert got[1][:3] == ("/zh/about", "zh", "page") and len(got) == 2 and problems == []


def test_a_broken_page_is_a_problem_and_the_others_are_read(tmp_path: Path) -> None:
    site = write_tree(tmp_path, {"a.md": "---\ntitle: [unclosed\n---\nx\n", "b.md": FM})
    config, _ = load(site)
    pages, problems = read_pages(discover_pages(config).pages, config)
    assert [p.source.rel for p in pages] == ["b.md"]
    assert [p.path for p in problems] == ["a.md"] and problems[0].line == 2


def test_an_html_page_is_not_read_as_markdown(tmp_path: Path) -> None:
    site = write_tree(tmp_path, {"page.html": SITE["page.html"]})
    config, _ = load(site)
    rendered = render_html_page(read_page(SourceFile(site / "page.html", "page.html",
                                                     Kind.PAGE), config))
    assert rendered.content_html == "<div>\n\n    <p>kept as written</p>\n</div>\n"
    assert rendered.excerpt == "kept as written" and not rendered.transcript.is_transcript


def test_pages_never_wait_for_their_date_and_follow_defaults(tmp_path: Path) -> None:
    site = write_tree(tmp_path, {
        "_config.yml": "defaults:\n  - scope: {path: notes, type: pages}\n"
                       "    values: {layout: note, lang: zh}\n",
        "notes/2999-01-01-later.md": FM, "about.md": FM,
    })
    config, _ = load(site)
    pages, _ = read_pages(discover_pages(config).pages, config)
    later = next(p for p in pages if "later" in p.source.rel)
    assert skip_reason(later, future=False, unpublished=False, now=dt.datetime.now(dt.UTC)) == ""
    assert [(p.layout, p.lang) for p in pages] == [("page", "en"), ("note", "zh")]


def test_render_page_keeps_html_pages_and_renders_markdown(tmp_path: Path) -> None:
    site = write_tree(tmp_path, {"page.html": "---\n---\n<p>*as is*</p>\n", "a.md": FM})
    config, _ = load(site)
    pages, _ = read_pages(discover_pages(config).pages, config)
    renderer = PostRenderer(config, {})
    html = [render_page(renderer, p).content_html.strip() for p in pages]
    assert html == ["<p>Text</p>", "<p>*as is*</p>"]


def test_the_site_plan_renders_pages_and_lists_them_only_in_the_sitemap(tmp_path: Path) -> None:
    from sitegen.site import make_site_view, plan, post_page
    from sitegen.views import make_post_view

    site = write_tree(tmp_path, {"_config.yml": "permalink: /:title\n",
                                 "notes/2020-01-01-note-en.md": FM})
    config, _ = load(site)
    pages, _ = read_pages(discover_pages(config).pages, config)
    views = [make_post_view(render_page(PostRenderer(config, {}), p), config.lang) for p in pages]
    planned = plan(make_site_view(config, (), views), config)
    outputs = {p.output: p for p in planned}
    own = post_page(views[0], frozenset({"post.html"}))
    assert (own.output, own.source) == ("notes/2020-01-01-note-en.html",
                                        "notes/2020-01-01-note-en.md")
    assert own.output not in outputs, "rendered on its own, with the posts"
    assert outputs["index.html"].context["paginator"]["posts"] == ()
    assert ("/notes/2020-01-01-note-en", views[0].date) in outputs["sitemap.xml"].context["entries"]
