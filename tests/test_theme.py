"""The default theme's HTML, read from real builds: structure, conversations, site pages."""

from __future__ import annotations

import re
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
    read,
    select,
)

from sitegen.linkcheck import check_links

LANDMARKS = ("header", "nav", "main", "footer")


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_example(tmp_path_factory.mktemp("example") / "out")


@pytest.fixture(scope="module")
def theme(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(THEME_SITE, tmp_path_factory.mktemp("theme") / "out")


def test_every_page_has_landmarks_one_h1_and_a_language(example: Path, theme: Path) -> None:
    for root in (example, theme):
        for rel in html_pages(root):
            found = elements((root / rel).read_text(encoding="utf-8"))
            assert len(select(found, "h1")) == 1, rel
            for tag in LANDMARKS:
                assert select(found, tag), f"{rel} has no <{tag}>"
            [html] = select(found, "html")
            assert html.attrs["lang"] and html.attrs["dir"] in ("ltr", "rtl"), rel


def test_the_draft_is_one_conversation_of_eight_turns_in_four_exchanges(example: Path) -> None:
    found = elements(read(example, draft_url(example)))
    turns = select(found, "article", cls="turn")
    aliases = select(found, "span", cls="anchor-alias")
    assert [t.attrs["id"] for t in turns] == ["q1", "a1", "q2", "a2", "a3", "q4", "a4"]
    assert [a.attrs["id"] for a in aliases] == ["q3"], "the repeated question is shown once"
    assert len([e for e in found if "data-exchange" in e.attrs]) == 4
    spacy = [t for t in turns if "What is SpaCy language model?" in t.text]
    assert [t.attrs["id"] for t in spacy] == ["q2"]
    assert [t.attrs["class"].split()[1] for t in turns] == [
        "asker", "answerer", "asker", "answerer", "answerer", "asker", "answerer"]


def test_variants_are_radio_tabs_labelled_answer_n_of_m(example: Path) -> None:
    found = elements(read(example, draft_url(example)))
    radios = select(found, "input", cls="variant-radio")
    labels = select(found, "label", cls="variant-tab")
    assert [r.attrs["name"] for r in radios] == ["x2-answer", "x2-answer"]
    assert ["checked" in r.attrs for r in radios] == [True, False]
    assert [(lab.attrs["for"], lab.text) for lab in labels] == [
        ("x2-v1", "Answer 1 of 2"), ("x2-v2", "Answer 2 of 2")]
    [legend] = select(found, "legend")
    assert legend.text == "Answers to question 2"
    captions = [e.text for e in select(found, "p", cls="variant-caption")]
    assert captions == ["Answer 1 of 2", "Answer 2 of 2"], "print shows which answer is which"


def test_questions_list_links_to_every_question(example: Path) -> None:
    found = elements(read(example, draft_url(example)))
    [nav] = [n for n in select(found, "nav", cls="questions")]
    links = [e for e in nav.children[1].children if e.tag == "li"]
    hrefs = [li.children[0].attrs["href"] for li in links]
    assert hrefs == ["#q1", "#q2", "#q4"]
    assert [li.children[0].text for li in links] == [
        "Could you explain the code?", "What is SpaCy language model?", "Could you explain?"]
    assert "2 answers" in links[1].text


def test_every_fragment_link_has_a_target(example: Path, theme: Path) -> None:
    for root in (example, theme):
        for rel in html_pages(root):
            found = elements((root / rel).read_text(encoding="utf-8"))
            ids = {e.attrs["id"] for e in found if "id" in e.attrs}
            fragments = {e.attrs["href"][1:] for e in select(found, "a")
                         if e.attrs.get("href", "").startswith("#")}
            assert fragments <= ids, f"{rel}: {sorted(fragments - ids)}"
            assert len(ids) == len([e for e in found if "id" in e.attrs]), f"{rel}: duplicate id"


def test_turns_have_permalinks_and_copy_buttons_hidden_until_scripted(example: Path) -> None:
    found = elements(read(example, draft_url(example)))
    for turn in select(found, "article", cls="turn"):
        anchor = turn.attrs["id"]
        [link] = [e for e in select(found, "a", cls="permalink") if e.attrs["href"] == f"#{anchor}"]
        assert link.attrs["aria-label"].startswith("Link to this turn")
        [button] = select(found, "button", cls="copy-link", data_anchor=anchor)
        assert "hidden" in button.attrs and button.attrs["type"] == "button"


def test_draft_banner_and_noindex_only_on_drafts(example: Path) -> None:
    draft = elements(read(example, draft_url(example)))
    assert "Draft" in select(draft, "p", cls="draft-banner")[0].text
    assert select(draft, "meta", name="robots", content="noindex")
    published = elements(read(example, "2024/03/python-decorators/"))
    assert not select(published, "p", cls="draft-banner")
    assert not select(published, "meta", name="robots")


def test_a_plain_article_has_no_conversation_parts(theme: Path) -> None:
    found = elements(read(theme, "2023/wide-table/"))
    assert not select(found, "nav", cls="questions") and not select(found, "article", cls="turn")
    [table] = select(found, "table")
    wrapper = [e for e in select(found, "div", cls="table-scroll") if table in e.children]
    assert wrapper and wrapper[0].attrs["tabindex"] == "0", "wide tables scroll in a box"


def test_right_to_left_posts_get_dir_rtl(theme: Path) -> None:
    [html] = select(elements(read(theme, "2023/arabic/")), "html")
    assert (html.attrs["lang"], html.attrs["dir"]) == ("ar", "rtl")
    [home] = select(elements(read(theme, "")), "html")
    assert (home.attrs["lang"], home.attrs["dir"]) == ("en", "ltr")


def test_speaker_colours_are_validated_and_given_readable_ink(theme: Path) -> None:
    found = elements(read(theme, "2023/three-answers/"))
    ana = select(found, "article", id="q1")[0]
    bot = select(found, "article", id="a1")[0]
    assert ana.attrs["style"] == "--speaker: #ffcc00; --speaker-ink: #000"
    assert "style" not in bot.attrs, "a colour with CSS in it is dropped"
    assert "speaker-1" in bot.classes(), "a speaker without a usable colour takes the palette"
    [avatar] = [e for e in ana.children[0].children if e.tag == "img"]
    assert (avatar.attrs["src"], avatar.attrs["alt"]) == ("/img/ana.svg", "")


def test_three_variants_and_a_question_shown_once(theme: Path) -> None:
    found = elements(read(theme, "2023/three-answers/"))
    labels = [e.text for e in select(found, "label", cls="variant-tab")]
    assert labels == ["Answer 1 of 3", "Answer 2 of 3", "Answer 3 of 3"]
    questions = [t for t in select(found, "article", cls="asker") if "sorting" in t.text]
    assert len(questions) == 1
    assert [e.attrs["id"] for e in select(found, "span", cls="anchor-alias")] == ["q2", "q3"]


def test_index_pages_are_paginated_with_excerpts(theme: Path) -> None:
    first = elements(read(theme, ""))
    second = elements(read(theme, "page/2/"))
    titles = [e.text for e in select(first, "h2", cls="card-title")]
    assert titles == ['A title with </script> in it', 'Notes with a wide table & <tricky> '
                      '"characters"']
    assert len(select(second, "h2", cls="card-title")) == 2
    assert select(first, "a", rel="next")[0].attrs["href"] == "/page/2/"
    assert select(second, "a", rel="prev")[0].attrs["href"] == "/"
    excerpt = select(first, "div", cls="card-excerpt")[0]
    assert "Is" in excerpt.text and "Ana asked" in excerpt.text


def test_tag_category_archive_and_not_found_pages(theme: Path) -> None:
    tags = elements(read(theme, "tags/"))
    assert [e.text for e in select(tags, "a", cls="tag")] == [
        "colours", "rtl", "tables", "variants"]
    variants = elements(read(theme, "tags/variants/"))
    assert len(select(variants, "article", cls="post-card")) == 2
    category = elements(read(theme, "categories/notes/"))
    assert select(category, "h1")[0].text == "Category “notes”"
    archive = elements(read(theme, "archive/"))
    assert [e.text.split()[0] for e in select(archive, "h2")] == ["2023"]
    missing = elements((theme / "404.html").read_text(encoding="utf-8"))
    assert select(missing, "meta", name="robots", content="noindex")
    assert select(missing, "h1")[0].text == "Page not found"


def test_baseurl_reaches_every_link_and_asset(tmp_path: Path) -> None:
    out = build_example(tmp_path / "out", "--baseurl", "/blog")
    assert check_links(out, "/blog") == []
    for rel in html_pages(out):
        text = (out / rel).read_text(encoding="utf-8")
        for url in re.findall(r'(?:href|src)="(/[^"]*)"', text):
            assert url.startswith("/blog/"), f"{rel}: {url}"


def test_mathjax_script_only_where_math_is_and_mathjax_is_chosen(tmp_path: Path) -> None:
    mathml = build_example(tmp_path / "mathml")
    assert "MathJax" not in "".join(read(mathml, p) for p in html_pages(mathml))
    site = write_tree(tmp_path / "site", {
        "_config.yml": "title: M\nmath: mathjax\n",
        "_posts/2024-01-01-math.md": "---\ntitle: M\n---\n\nMe: What is $x^2$?\n\nBot: A square.\n",
        "_posts/2024-01-02-none.md": "---\ntitle: N\n---\n\nMe: Hello?\n\nBot: Hi.\n",
    })
    out = build(site, tmp_path / "mathjax")
    assert 'id="MathJax-script"' in read(out, "2024/01/01/math.html")
    assert "MathJax" not in read(out, "2024/01/02/none.html")


def test_a_sites_own_template_and_asset_override_the_theme(tmp_path: Path) -> None:
    site = write_tree(tmp_path / "site", {
        "_config.yml": "title: Own\n",
        "_posts/2024-01-01-a.md": "---\ntitle: A\n---\n\nMe: Hello?\n\nBot: Hi.\n",
        "templates/tags.html": "{{ ui.tags }} of {{ site.title }}: {{ groups | length }}\n",
        "static/css/site.css": "body { color: rebeccapurple; }\n",
    })
    (site / "_posts/2024-01-01-a.md").write_text(
        "---\ntitle: A\ntags: [x]\n---\n\nMe: Hello?\n\nBot: Hi.\n", encoding="utf-8")
    out = build(site, tmp_path / "out")
    assert read(out, "tags/") == "Tags of Own: 1\n"
    assert (out / "css/site.css").read_text() == "body { color: rebeccapurple; }\n"
    assert "site.js" in [p.name for p in (out / "js").iterdir()]


def test_one_template_environment_per_template_set(tmp_path: Path) -> None:
    from sitegen.templates import make_environment

    site, theme = tmp_path / "site", tmp_path / "theme"
    write_tree(theme, {"page.html": "theme {{ x }}", "base.html": "base"})
    site.mkdir()
    first = make_environment([site, theme], "", "")
    assert make_environment([site, theme], "", "") is first
    assert first.get_template("page.html").render(x=1) == "theme 1"
    write_tree(site, {"page.html": "site {{ x }}"})  # a new override appears
    again = make_environment([site, theme], "", "")
    assert again is not first and again.get_template("page.html").render(x=2) == "site 2"
