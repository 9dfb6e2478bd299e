"""Site search without a browser: the records of each post, the index in the built site,
what an unchanged rebuild rewrites, the search box and page, and `search: false`.

The site in tests/fixtures/search/site is built as a user builds it; the build writes the
index from the records it keeps of each post. ``write_index`` is also called here on the
records read again from the sources, to see what it would put beside the built site.
"""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

import pytest
from conftest import run_sitegen
from running import Running
from test_incremental import state_bytes
from theme_pages import build, elements, read, select

from sitegen.build import BuildOptions
from sitegen.config import load
from sitegen.search import FOLDER, write_index
from sitegen.search.standalone import read_posts

SEARCH_SITE = Path(__file__).parent / "fixtures" / "search" / "site"
MULTILINGUAL_SITE = Path(__file__).parent / "sites" / "multilingual"


def copy_site(source: Path, tmp_path: Path, config: str = "") -> Path:
    """A copy of a test site (builds keep a cache in the source), with lines added to its
    configuration."""
    site = tmp_path / source.name
    shutil.copytree(source, site, ignore=shutil.ignore_patterns("expected", ".sitegen-cache"))
    if config:
        with open(site / "_config.yml", "a", encoding="utf-8") as fh:
            fh.write(config)
    return site


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = copy_site(SEARCH_SITE, tmp_path_factory.mktemp("source"))
    return build(site, tmp_path_factory.mktemp("built") / "out", "--drafts", "--unpublished")


def index_files(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in (root / FOLDER).rglob("*") if p.is_file()}


def test_every_turn_is_a_record_with_its_anchor_speaker_role_and_question() -> None:
    posts = {p.url: p for p in read_posts(BuildOptions(source=SEARCH_SITE)) if p}
    nlp = posts["/2024/01/nlp-libraries/"]
    assert [(r.anchor, r.role, r.speaker) for r in nlp.records] == [
        ("", "", ""), ("q1", "asker", "Ana"), ("a1", "answerer", "Claude"),
        ("q2", "asker", "Ana"), ("a2", "answerer", "Claude"),
        ("q3", "asker", "Ana"), ("a3", "answerer", "Claude")]
    answer = nlp.records[-1]
    assert answer.question == "Which library would you use for a small project in Python?"
    assert "spaCy" in answer.text and "Which library" not in answer.text
    assert nlp.records[0].text.startswith("Which NLP library for a small project? I was")
    assert (nlp.title, nlp.lang, nlp.tags, nlp.date) == (
        "Which NLP library for a small project?", "en", ("python", "nlp"), "2024-01-10")


def test_a_regenerated_answer_is_a_record_and_its_question_is_said_once() -> None:
    posts = {p.url: p for p in read_posts(BuildOptions(source=SEARCH_SITE)) if p}
    records = posts["/2024/03/two-answers/"].records
    assert [(r.anchor, r.role) for r in records] == [
        ("", ""), ("q1", "asker"), ("a1", "answerer"), ("a2", "answerer")]
    assert records[3].text.startswith("A quokka")
    assert records[3].question == "What animal should the mascot of my library be?"


def test_drafts_and_unpublished_posts_give_no_records() -> None:
    options = BuildOptions(source=SEARCH_SITE, drafts=True, unpublished=True)
    found = read_posts(options)
    assert len(found) == 6 and found.count(None) == 2
    texts = " ".join(r.text for p in found if p for r in p.records)
    assert "zeppelin" not in texts and "submarine" not in texts


def test_the_index_is_in_the_built_site(built: Path) -> None:
    files = index_files(built)
    for name in ("pagefind.js", "pagefind-worker.js", "pagefind-entry.json"):
        assert f"pagefind/en/{name}" in files
    assert not [rel for rel in files if "-ui." in rel or "highlight" in rel]
    assert len([rel for rel in files if "/fragment/" in rel]) == 17
    manifest = json.loads((built / "pagefind/bundles.json").read_text("utf-8"))
    assert manifest == {"default": "en", "bundles": [{"bundle": "en", "name": "English"}]}


def test_write_index_reports_every_file_it_writes(tmp_path: Path) -> None:
    config, _ = load(SEARCH_SITE)
    index = write_index(read_posts(BuildOptions(source=SEARCH_SITE)), config, tmp_path / "new")
    assert index.bundles == ("en",) and index.records == 17
    assert set(index.outputs) == set(index.written) == index_files(tmp_path / "new")


def test_nothing_of_a_draft_reaches_the_index_files(built: Path) -> None:
    assert (built / "2024/05/unpublished/index.html").is_file(), "the build shows it"
    fragments = [gzip.decompress(p.read_bytes())
                 for p in (built / "pagefind/en/fragment").iterdir()]
    assert not [f for f in fragments if b"zeppelin" in f or b"submarine" in f]
    assert [f for f in fragments if b"quokka" in f]


def _kinds(paths: set[str] | frozenset[str]) -> set[str]:
    """What kinds of index files these are (Pagefind's filter files and the bundle's entry
    point list pages in no fixed order, so an unchanged site may still rewrite them)."""
    return {p.split("/")[2] if p.count("/") > 2 else p.rsplit(".", 1)[-1] for p in paths}


def test_an_unchanged_site_rewrites_no_page_of_the_index(built: Path, tmp_path: Path) -> None:
    config, _ = load(SEARCH_SITE)
    again = write_index(read_posts(BuildOptions(source=SEARCH_SITE)), config, tmp_path / "staging",
                        built)
    files = index_files(built)
    assert {p for p in files if "/fragment/" in p or "/index/" in p} <= set(again.outputs)
    assert _kinds(again.written) <= {"filter", "json", "pf_meta"}
    assert len(again.written) < len(again.outputs) / 2


def test_a_changed_answer_rewrites_its_own_files_only(built: Path, tmp_path: Path) -> None:
    site = copy_site(SEARCH_SITE, tmp_path)
    post = site / "_posts/2024-02-01-sourdough.md"
    post.write_text(post.read_text("utf-8").replace("yoghurt", "fresh bread"), "utf-8")
    config, _ = load(site)
    posts = read_posts(BuildOptions(source=site, drafts=True, unpublished=True))
    again = write_index(posts, config, tmp_path / "staging", built)
    assert again.written and again.written < set(again.outputs)
    assert _kinds(again.written) <= {"filter", "fragment", "index", "json", "pf_meta"}
    assert len([rel for rel in again.written if "/fragment/" in rel]) == 1
    assert index_files(tmp_path / "staging") == again.written


def test_every_page_has_the_search_box_and_the_search_page_explains(built: Path) -> None:
    root = built
    for rel in ("", "2024/01/nlp-libraries/", "tags/", "archive/", "404.html"):
        found = elements(read(root, rel))
        [form] = select(found, "form", "site-search")
        assert form.attrs["action"] == "/search/" and form.attrs["role"] == "search"
        assert select(found, "input", id="search-box", name="q", type="search")
        assert select(found, "label", **{"for": "search-box"})
    page = elements(read(root, "search/"))
    assert select(page, "meta", name="robots", content="noindex")
    assert "needs JavaScript" in select(page, "div", "search-page")[0].text
    assert "/search/" not in read(root, "sitemap.xml")


def test_the_search_box_knows_the_baseurl(tmp_path: Path) -> None:
    root = build(copy_site(SEARCH_SITE, tmp_path), tmp_path / "out", "--baseurl", "/blog")
    [form] = select(elements(read(root, "")), "form", "site-search")
    assert (form.attrs["action"], form.attrs["data-index"], form.attrs["data-base"]) == (
        "/blog/search/", "/blog/pagefind/", "/blog/")


def test_search_false_turns_it_all_off(tmp_path: Path) -> None:
    root = build(copy_site(SEARCH_SITE, tmp_path, "search: false\n"), tmp_path / "out")
    home = read(root, "")
    assert "site-search" not in home and "search.css" not in home and "search.js" not in home
    assert not (root / "search").exists() and not (root / FOLDER).exists()


def test_search_must_be_true_or_false(tmp_path: Path) -> None:
    site = copy_site(SEARCH_SITE, tmp_path, "search: sometimes\n")
    run = run_sitegen("build", "--source", site, "--destination", tmp_path / "out")
    assert run.returncode == 1
    assert "_config.yml:14: 'search' must be true or false, not str" in run.stderr


def test_a_multilingual_site_has_a_bundle_per_language(tmp_path: Path) -> None:
    root = build(copy_site(MULTILINGUAL_SITE, tmp_path), tmp_path / "out")
    manifest = json.loads((root / "pagefind/bundles.json").read_text("utf-8"))
    assert manifest["bundles"] == [{"bundle": "en", "name": "English"},
                                   {"bundle": "zh", "name": "中文"},
                                   {"bundle": "ar", "name": "العربية"}]
    for bundle in ("en", "zh", "ar"):
        entry = json.loads((root / f"pagefind/{bundle}/pagefind-entry.json").read_text("utf-8"))
        assert list(entry["languages"]) == [bundle]


def _fragments(root: Path) -> list[bytes]:
    return [gzip.decompress(p.read_bytes()) for p in (root / "pagefind/en/fragment").iterdir()]


def test_the_cache_keeps_search_records_apart_and_an_edit_is_indexed(tmp_path: Path) -> None:
    site = copy_site(SEARCH_SITE, tmp_path)
    out = build(site, tmp_path / "out")
    stored = list((site / ".sitegen-cache/search").iterdir())
    assert len(stored) == len(list((site / "_posts").glob("*.md"))) - 1  # one is unpublished
    assert b"PostRecord" in state_bytes(site)
    assert b"SearchRecord" not in state_bytes(site), "the records are not in the state"
    assert [f for f in _fragments(out) if b"yoghurt" in f]
    post = site / "_posts/2024-02-01-sourdough.md"
    post.write_text(post.read_text("utf-8").replace("yoghurt", "kefirbread"), "utf-8")
    build(site, out)
    fragments = _fragments(out)
    assert [f for f in fragments if b"kefirbread" in f]
    assert not [f for f in fragments if b"yoghurt" in f]
    assert len(list((site / ".sitegen-cache/search").iterdir())) == len(stored), "old pruned"


def test_lost_search_records_mean_a_clean_build(tmp_path: Path) -> None:
    site = copy_site(SEARCH_SITE, tmp_path)
    out = build(site, tmp_path / "out")
    first = _fragments(out)
    shutil.rmtree(site / ".sitegen-cache/search")
    post = site / "_posts/2024-02-01-sourdough.md"
    post.write_text(post.read_text("utf-8") + "\n", "utf-8")
    build(site, out)
    assert sorted(_fragments(out)) == sorted(first)


def test_a_preview_session_leaves_the_builds_search_records(tmp_path: Path) -> None:
    site = copy_site(SEARCH_SITE, tmp_path)
    out = build(site, tmp_path / "out")
    stored = sorted((site / ".sitegen-cache/search").iterdir())
    post = site / "_posts/2024-02-01-sourdough.md"
    post.write_text(post.read_text("utf-8").replace("yoghurt", "kefirbread"), "utf-8")
    serve = Running("serve", "--source", site, "--port", "0", "--no-drafts")
    try:
        serve.wait_for_line("Serving at ")
        post.write_text(post.read_text("utf-8").replace("kefirbread", "ryebread"), "utf-8")
        serve.wait_for_line("Rebuilt in ")
    finally:
        assert serve.stop()[0] == 0
    assert sorted((site / ".sitegen-cache/search").iterdir()) == stored
    build(site, out)
    assert [f for f in _fragments(out) if b"ryebread" in f]


def test_records_another_destination_removed_are_made_again(tmp_path: Path) -> None:
    site = copy_site(SEARCH_SITE, tmp_path)
    out = build(site, tmp_path / "out")
    post = site / "_posts/2024-02-01-sourdough.md"
    text = post.read_text("utf-8")
    post.write_text(text.replace("yoghurt", "kefirbread"), "utf-8")
    build(site, tmp_path / "other")  # removes the records of the post as it was
    post.write_text(text, "utf-8")  # as it was: out's cache has its page and records
    other = site / "_posts/2024-04-01-moving-house.md"
    other.write_text(other.read_text("utf-8") + "\nMe: One more?\n\nClaude: Boxes.\n", "utf-8")
    build(site, out)
    clean = build(site, tmp_path / "clean", "--no-cache")
    assert sorted(_fragments(out)) == sorted(_fragments(clean))


def test_without_a_cache_the_records_stay_in_memory(tmp_path: Path) -> None:
    site = copy_site(SEARCH_SITE, tmp_path)
    out = build(site, tmp_path / "out", "--no-cache")
    assert not (site / ".sitegen-cache").exists()
    assert [f for f in _fragments(out) if b"yoghurt" in f]


def test_a_build_without_the_index_makes_no_records_and_the_next_one_does(
        tmp_path: Path) -> None:
    site = copy_site(SEARCH_SITE, tmp_path)
    out = build(site, tmp_path / "out", "--no-search")
    assert not (out / FOLDER).exists()
    assert not list(site.glob(".sitegen-cache/search/*"))
    page = (out / "2024/02/sourdough/index.html").read_bytes()
    build(site, out)
    assert [f for f in _fragments(out) if b"yoghurt" in f]
    stored = list((site / ".sitegen-cache/search").iterdir())
    assert len(stored) == len(list((site / "_posts").glob("*.md"))) - 1  # one is unpublished
    assert (out / "2024/02/sourdough/index.html").read_bytes() == page
