"""Site search in real Chromium: type in the header's box, follow a result to its turn.

The search test site (tests/fixtures/search/site) is built with its drafts and unpublished
posts (the build writes the index) and served on 127.0.0.1 (Pagefind loads its index over http). What every
query finds is data: tests/fixtures/search/queries.yml. Skipped when Chromium is not
installed at /usr/bin/chromium.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import test_browser
import yaml
from test_browser import DESKTOP, PHONE, OpenPage, _in_view
from test_search import MULTILINGUAL_SITE, SEARCH_SITE, copy_site
from theme_pages import CHROMIUM, build, serve

browser = test_browser.browser  # the theme tests' Chromium, and their pages in it
open_page = test_browser.open_page

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(),
                                reason="needs Chromium at /usr/bin/chromium (Debian: chromium)")
sync_api = pytest.importorskip("playwright.sync_api")
expect = sync_api.expect

QUERIES = yaml.safe_load((SEARCH_SITE.parent / "queries.yml").read_text("utf-8"))
ANSWER = "/2024/01/nlp-libraries/#a3"
"""The one turn that says 'spaCy': an answer, below the fold of its post."""


@dataclass(frozen=True)
class Sites:
    search: str
    multilingual: str
    unindexed: str


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sites]:
    made = tmp_path_factory.mktemp("sites")
    search = build(copy_site(SEARCH_SITE, made / "a"), made / "search", "--drafts",
                   "--unpublished")
    multilingual = build(copy_site(MULTILINGUAL_SITE, made / "b"), made / "multi")
    unindexed = build(copy_site(SEARCH_SITE, made / "c"), made / "unindexed")
    shutil.rmtree(unindexed / "pagefind")  # as in a site built before it had search
    with serve(search) as one, serve(multilingual) as two, serve(unindexed) as three:
        yield Sites(one, two, three)


def search(page: Any, words: str) -> None:
    """Type into the header's box as a reader does and wait for the results of every word."""
    box = page.locator("#search-box")
    box.click()
    box.press_sequentially(words, delay=20)
    page.wait_for_function("q => document.querySelector('.search-results').dataset.query === q",
                           arg=box.input_value().strip())


def links(page: Any) -> list[str]:
    return page.eval_on_selector_all("a.search-hit", "els => els.map(e => e.getAttribute('href'))")


def test_the_first_result_opens_the_post_at_the_answer(sites: Sites,
                                                       open_page: OpenPage) -> None:
    page = open_page(sites.search)
    search(page, "spacy")
    first = page.locator("a.search-hit").first
    expect(first).to_have_attribute("href", ANSWER)
    expect(first.locator(".search-who")).to_have_text("Claude answers")
    expect(first.locator(".search-question")).to_have_text(
        "Question: Which library would you use for a small project in Python?")
    expect(first.locator("mark").first).to_contain_text("spaCy")
    first.click()
    page.wait_for_url("**/2024/01/nlp-libraries/#a3")
    assert page.evaluate("location.hash") == "#a3"
    page.wait_for_function("window.scrollY > 300")
    assert _in_view(page, "#a3")


def test_questions_only_removes_the_answer(sites: Sites, open_page: OpenPage) -> None:
    page = open_page(sites.search)
    search(page, "spacy")
    expect(page.locator("a.search-hit").first).to_have_attribute("href", ANSWER)
    page.get_by_label("Questions only").check()
    expect(page.locator(".search-status")).to_have_text("Nothing found.")
    assert links(page) == []
    page.get_by_label("Answers only").check()
    expect(page.locator("a.search-hit")).to_have_count(1)
    assert links(page) == [ANSWER]


@pytest.mark.parametrize("case", QUERIES, ids=lambda c: "-".join(
    str(v) for k, v in c.items() if k != "links"))
def test_what_each_query_finds(sites: Sites, open_page: OpenPage, case: dict[str, Any]) -> None:
    page = open_page(sites.search)
    search(page, case["query"])
    if case.get("role"):
        page.locator(f"input[name=search-role][value={case['role']}]").check()
    for key in ("speaker", "tag"):
        if case.get(key):
            page.locator(f"select[data-filter={key}]").select_option(case[key])
    chosen = " ".join(case[k] for k in ("role", "speaker", "tag") if case.get(k))
    page.wait_for_function("f => document.querySelector('.search-results').dataset.filters === f",
                           arg=chosen)
    assert sorted(links(page)) == sorted(case["links"])


def test_the_keyboard_alone_reaches_the_answer(sites: Sites, open_page: OpenPage) -> None:
    page = open_page(sites.search)
    page.keyboard.press("Tab")  # the skip link
    for _ in range(8):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "search-box":
            break
    assert page.evaluate("document.activeElement.id") == "search-box"
    page.keyboard.type("spacy")
    expect(page.locator("a.search-hit")).to_have_count(1)
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.getAttribute('href')") == ANSWER
    page.keyboard.press("ArrowUp")
    assert page.evaluate("document.activeElement.id") == "search-box"
    page.keyboard.press("Escape")
    expect(page.locator("#search-panel")).to_be_hidden()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url("**/#a3")
    assert _in_view(page, "#a3")


def test_a_regenerated_answer_opens_in_its_tab(sites: Sites, open_page: OpenPage) -> None:
    page = open_page(sites.search)
    search(page, "quokka")
    page.locator("a.search-hit").first.click()
    page.wait_for_url("**/2024/03/two-answers/#a2")
    expect(page.locator("#a2")).to_be_visible()
    assert _in_view(page, "#a2")


def test_on_a_phone_the_box_and_results_fit(sites: Sites, open_page: OpenPage) -> None:
    page = open_page(sites.search, **PHONE)
    box = page.locator("#search-box").bounding_box()
    assert box and box["width"] > 250 and box["x"] + box["width"] <= 390
    search(page, "sourdough")
    expect(page.locator("a.search-hit")).to_have_count(1)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.locator("a.search-hit").first.tap()
    page.wait_for_url("**/2024/02/sourdough/#q1")


def test_the_search_page_reads_the_words_from_its_address(sites: Sites,
                                                          open_page: OpenPage) -> None:
    page = open_page(sites.search + "search/?q=acetone")
    expect(page.locator("#search-box")).to_have_value("acetone")
    expect(page.locator("main a.search-hit")).to_have_count(1)
    assert links(page) == ["/2024/02/sourdough/#a1"]
    search(page, " starter")
    page.wait_for_url("**/search/?q=acetone%20starter")


def test_without_javascript_enter_opens_the_search_page_that_explains(
        sites: Sites, open_page: OpenPage) -> None:
    page = open_page(sites.search, java_script_enabled=False)
    page.locator("#search-box").fill("spacy")
    page.locator("#search-box").press("Enter")
    page.wait_for_url("**/search/?q=spacy")
    expect(page.locator("main")).to_contain_text("Search runs in your browser and needs JavaScript")


def test_a_site_built_without_its_index_says_so(sites: Sites, open_page: OpenPage) -> None:
    page = open_page(sites.unindexed)
    search(page, "spacy")
    expect(page.locator(".search-status")).to_contain_text("Search is not available here")


def test_each_language_searches_its_own_posts(sites: Sites, open_page: OpenPage) -> None:
    page = open_page(sites.multilingual + "zh/")
    search(page, "开水")
    expect(page.locator("a.search-hit")).to_have_count(1)
    assert links(page)[0].endswith("#a1")
    language = page.locator("select[data-language]")
    expect(language).to_have_value("zh")
    language.select_option("en")
    page.locator("#search-box").fill("bitter")
    expect(page.locator("a.search-hit")).to_have_count(1)
    page = open_page(sites.multilingual)
    search(page, "bitter")
    expect(page.locator("a.search-hit")).to_have_count(1)
    expect(page.locator("select[data-language]")).to_have_value("en")


axe_sync = pytest.importorskip("axe_playwright_python.sync_playwright")


@pytest.fixture(scope="module")
def axe() -> Any:
    return axe_sync.Axe()


def violations(axe: Any, page: Any) -> list[str]:
    results = axe.run(page)
    return [f"{v['id']}: {v['help']} at {[n['target'] for n in v['nodes']]}"
            for v in results.response["violations"]]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_axe_violations_in_the_results(sites: Sites, open_page: OpenPage, axe: Any,
                                          scheme: str) -> None:
    page = open_page(sites.search, color_scheme=scheme)
    search(page, "library")
    expect(page.locator("a.search-hit").first).to_be_visible()
    page.locator("a.search-hit").first.hover()
    assert violations(axe, page) == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_axe_violations_on_the_search_page(sites: Sites, open_page: OpenPage, axe: Any,
                                              scheme: str) -> None:
    page = open_page(sites.search + "search/?q=kitchen", color_scheme=scheme)
    expect(page.locator("main a.search-hit")).to_have_count(2)
    page.locator("main a.search-hit").first.focus()
    assert violations(axe, page) == []


@pytest.mark.parametrize("where", ["phone", "multilingual", "unavailable"])
def test_no_axe_violations_elsewhere(sites: Sites, open_page: OpenPage, axe: Any,
                                     where: str) -> None:
    url = {"phone": sites.search, "multilingual": sites.multilingual + "zh/",
           "unavailable": sites.unindexed}[where]
    page = open_page(url, **(PHONE if where == "phone" else {}))
    search(page, "开水" if where == "multilingual" else "spacy")
    assert violations(axe, page) == []


def test_no_axe_violations_on_the_search_page_as_it_is_without_its_script(
        sites: Sites, browser: Any, axe: Any) -> None:
    context = browser.new_context(**DESKTOP)
    context.route("**/js/search.js", lambda route: route.abort())
    page = context.new_page()
    page.goto(sites.search + "search/?q=spacy")
    expect(page.locator("main")).to_contain_text("needs JavaScript")
    assert violations(axe, page) == []
    context.close()
