"""What machines read: the Atom feed, the sitemap, robots.txt, meta tags and JSON-LD."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import write_tree
from theme_pages import (
    THEME_SITE,
    build,
    build_example,
    draft_url,
    elements,
    html_pages,
    json_ld,
    meta,
    read,
    select,
)

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
FEED_REQUIRED = ("id", "title", "updated")
ENTRY_REQUIRED = ("id", "title", "updated", "link", "content", "published")


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_example(tmp_path_factory.mktemp("example") / "out")


@pytest.fixture(scope="module")
def theme(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(THEME_SITE, tmp_path_factory.mktemp("theme") / "out")


def _atom(root: Path) -> ET.Element:
    feed = ET.parse(root / "feed.xml").getroot()
    assert feed.tag == f"{ATOM}feed"
    return feed


def _is_rfc3339(text: str) -> bool:
    return dt.datetime.fromisoformat(text).tzinfo is not None


def test_feed_is_atom_with_every_required_element(example: Path) -> None:
    feed = _atom(example)
    for name in FEED_REQUIRED:
        assert (feed.findtext(f"{ATOM}{name}") or "").strip(), name
    assert feed.find(f"{ATOM}author/{ATOM}name") is not None
    [self_link] = [e for e in feed.findall(f"{ATOM}link") if e.get("rel") == "self"]
    assert self_link.get("href") == "https://example.github.io/feed.xml"
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 5
    for entry in entries:
        for name in ENTRY_REQUIRED:
            assert entry.find(f"{ATOM}{name}") is not None, name
        assert entry.findtext(f"{ATOM}id", "").startswith("https://example.github.io/")
        assert _is_rfc3339(entry.findtext(f"{ATOM}updated", ""))
    assert len({e.findtext(f"{ATOM}id") for e in entries}) == len(entries)


def test_feed_entries_carry_the_full_conversation(example: Path) -> None:
    entries = _atom(example).findall(f"{ATOM}entry")
    [draft] = [e for e in entries if "Draft" in e.findtext(f"{ATOM}title", "")]
    content = draft.find(f"{ATOM}content")
    assert content is not None and content.get("type") == "html"
    html = content.text or ""
    assert html.count("What is SpaCy language model?") == 1
    assert "Answer 1 of 2" in html and "Answer 2 of 2" in html
    assert "Llama" in html and "nabla_w" in html
    assert "<button" not in html, "feed readers get no buttons"
    assert content.get("{http://www.w3.org/XML/1998/namespace}base", "").startswith("https://")


def test_feed_keeps_the_latest_n_and_stays_valid_without_a_url(theme: Path,
                                                                tmp_path: Path) -> None:
    assert len(_atom(theme).findall(f"{ATOM}entry")) == 3, "feed_limit: 3"
    site = write_tree(tmp_path / "site", {
        "_config.yml": "title: No URL\n",
        "_posts/2024-01-01-a.md": "---\ntitle: A & B\n---\n\nMe: Why?\n\nBot: Because.\n",
    })
    out = build(site, tmp_path / "out")
    feed = _atom(out)
    assert "Sitemap" not in (out / "robots.txt").read_text(), "robots.txt wants absolute URLs"
    ids = [feed.findtext(f"{ATOM}id", "")] + [e.findtext(f"{ATOM}id", "")
                                              for e in feed.findall(f"{ATOM}entry")]
    assert all(i.startswith("tag:") for i in ids), ids
    assert feed.findtext(f"{ATOM}entry/{ATOM}title") == "A & B"


def test_sitemap_lists_public_pages_only(example: Path) -> None:
    urlset = ET.parse(example / "sitemap.xml").getroot()
    assert urlset.tag == f"{SITEMAP}urlset"
    locs = [u.findtext(f"{SITEMAP}loc", "") for u in urlset.findall(f"{SITEMAP}url")]
    assert all(loc.startswith("https://example.github.io/") for loc in locs)
    assert "https://example.github.io/" in locs
    assert "https://example.github.io/2024/03/python-decorators/" in locs
    assert "https://example.github.io/tags/%E7%94%9F%E6%B4%BB/" in locs
    assert "https://example.github.io/archive/" in locs
    assert not [loc for loc in locs if "chatgpt-helps-me" in loc], "drafts stay out"
    assert not [loc for loc in locs if "404" in loc]
    assert len(locs) == len(set(locs))


def test_robots_points_at_the_sitemap(example: Path) -> None:
    robots = (example / "robots.txt").read_text(encoding="utf-8").splitlines()
    assert "Sitemap: https://example.github.io/sitemap.xml" in robots
    assert "User-agent: *" in robots


def test_post_meta_tags(example: Path) -> None:
    found = elements(read(example, "2024/03/python-decorators/"))
    url = "https://example.github.io/2024/03/python-decorators/"
    assert select(found, "title")[0].text == \
        "What a Python decorator really does · Conversations worth keeping"
    assert meta(found, "description") == "What does a decorator do in Python?"
    assert select(found, "link", rel="canonical")[0].attrs["href"] == url
    assert meta(found, "og:url") == url
    assert meta(found, "og:type") == "article"
    assert meta(found, "og:title") == "What a Python decorator really does"
    assert meta(found, "twitter:card") == "summary"
    assert meta(found, "article:published_time") == "2024-03-02T10:15:00+08:00"


def test_every_post_is_a_blog_posting_and_transcripts_a_conversation(example: Path) -> None:
    posts = [p for p in html_pages(example) if p.count("/") == 3]
    assert len(posts) == 5
    for rel in posts:
        [data] = json_ld(elements((example / rel).read_text(encoding="utf-8")))
        assert isinstance(data, dict) and data["@context"] == "https://schema.org"
        graph = data.get("@graph", [data])
        assert graph[0]["@type"] == "BlogPosting"
        assert "QAPage" not in str(data)


def test_draft_conversation_has_a_message_per_turn(example: Path) -> None:
    [data] = json_ld(elements(read(example, draft_url(example))))
    assert isinstance(data, dict)
    posting, conversation = data["@graph"]
    assert conversation["@type"] == "Conversation"
    assert posting["hasPart"] == {"@id": conversation["@id"]}
    messages = conversation["hasPart"]
    assert [m["@type"] for m in messages] == ["Message"] * 8
    assert [m["sender"] for m in messages[:2]] == [
        {"@type": "Person", "name": "Zhiwei"}, {"@type": "Person", "name": "ChatGPT"}]
    assert [m["url"].rsplit("#", 1)[1] for m in messages] == [
        "q1", "a1", "q2", "a2", "q3", "a3", "q4", "a4"]
    assert messages[2]["text"] == "What is SpaCy language model?"
    assert not any("Copy" in m["text"] for m in messages), "code captions are not text"


def test_json_ld_cannot_break_out_of_its_script(theme: Path) -> None:
    text = read(theme, "2023/escaping/")
    block = text.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    [data] = json_ld(elements(text))
    assert isinstance(data, dict)
    assert data["@graph"][0]["headline"] == "A title with </script> in it"
    assert "</script" not in block


def test_home_page_describes_the_site(example: Path) -> None:
    found = elements(read(example, ""))
    [data] = json_ld(found)
    assert data == {"@context": "https://schema.org", "@type": "WebSite",
                    "name": "Conversations worth keeping", "url": "https://example.github.io/",
                    "inLanguage": "en",
                    "description": "Questions asked, answers kept — a blog of transcripts."}
    assert select(found, "link", rel="canonical")[0].attrs["href"] == "https://example.github.io/"
