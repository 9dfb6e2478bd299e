"""The default theme in real Chromium: what a reader sees and does on a post.

The example blog (with the user's draft) and the theme's golden site are built once, served
on 127.0.0.1 and driven with Playwright. Screenshots of the draft go to tests/artifacts/.
Skipped when Chromium is not installed at /usr/bin/chromium.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from theme_pages import (
    ARTIFACTS,
    CHROMIUM,
    CHROMIUM_ARGS,
    THEME_SITE,
    build,
    build_example,
    draft_url,
    serve,
)

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(),
                                reason="needs Chromium at /usr/bin/chromium (Debian: chromium)")
sync_api = pytest.importorskip("playwright.sync_api")
expect = sync_api.expect

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True,
         "device_scale_factor": 2}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}
LIGHT_BG, DARK_BG = "rgb(253, 253, 252)", "rgb(19, 21, 25)"


@dataclass(frozen=True)
class Sites:
    example: str
    draft: str
    theme: str


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sites]:
    example = build_example(tmp_path_factory.mktemp("example") / "out")
    theme = build(THEME_SITE, tmp_path_factory.mktemp("theme") / "out")
    with serve(example) as example_url, serve(theme) as theme_url:
        yield Sites(example_url, example_url + draft_url(example), theme_url)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


OpenPage = Callable[..., Any]


@pytest.fixture
def open_page(browser: Any) -> Iterator[OpenPage]:
    contexts = []

    def open_page(url: str, **options: Any) -> Any:
        context = browser.new_context(**{**DESKTOP, **options})
        contexts.append(context)
        page = context.new_page()
        page.goto(url)
        return page

    yield open_page
    for context in contexts:
        context.close()


def visible_ids(page: Any, selector: str) -> list[str]:
    return page.eval_on_selector_all(
        selector, "els => els.filter(e => e.checkVisibility()).map(e => e.id)")


def test_the_draft_shows_eight_turns_in_four_exchanges(sites: Sites, open_page: OpenPage) -> None:
    page = open_page(sites.draft)
    assert page.locator("[data-exchange]").count() == 4
    anchors = page.eval_on_selector_all(".turn, .anchor-alias", "els => els.map(e => e.id)")
    assert sorted(anchors) == sorted(["q1", "a1", "q2", "a2", "q3", "a3", "q4", "a4"])
    assert visible_ids(page, ".turn") == ["q1", "a1", "q2", "a2", "q4", "a4"]
    spacy = page.locator(".turn.asker", has_text="What is SpaCy language model?")
    assert spacy.count() == 1, "the question asked twice is shown once"
    expect(page.locator("label", has_text="Answer 1 of 2")).to_be_visible()
    expect(page.locator(".draft-banner")).to_be_visible()


@pytest.mark.parametrize("script", [True, False], ids=["with-js", "without-js"])
def test_answer_tabs_switch_the_answer(sites: Sites, open_page: OpenPage, script: bool) -> None:
    page = open_page(sites.draft, java_script_enabled=script)
    expect(page.locator("#a2")).to_be_visible()
    expect(page.locator("#a3")).to_be_hidden()
    page.locator("label", has_text="Answer 2 of 2").click()
    expect(page.locator("#a3")).to_be_visible()
    expect(page.locator("#a2")).to_be_hidden()
    expect(page.get_by_role("radio", name="Answer 2 of 2")).to_be_checked()
    page.keyboard.press("ArrowLeft")
    expect(page.locator("#a2")).to_be_visible()
    expect(page.locator("#a3")).to_be_hidden()


def _in_view(page: Any, selector: str) -> bool:
    return page.eval_on_selector(selector, """el => {
        const r = el.getBoundingClientRect();
        return el.checkVisibility() && r.top >= 0 && r.top < window.innerHeight; }""")


@pytest.mark.parametrize("script", [True, False], ids=["with-js", "without-js"])
@pytest.mark.parametrize("anchor", ["a4", "a3", "q3"])
def test_the_page_opens_at_the_turn_in_the_address(sites: Sites, open_page: OpenPage,
                                                   anchor: str, script: bool) -> None:
    page = open_page(f"{sites.draft}#{anchor}", java_script_enabled=script)
    target = "#a3" if anchor == "q3" else f"#{anchor}"
    expect(page.locator(target)).to_be_visible()
    page.wait_for_function("window.scrollY > 500")
    assert _in_view(page, f"#{anchor}")
    if anchor != "q3":
        background = page.eval_on_selector(target, "el => getComputedStyle(el).backgroundColor")
        assert background not in ("rgba(0, 0, 0, 0)", "transparent"), "the turn is highlighted"


def test_a_turn_permalink_shows_on_hover_and_scrolls_to_the_turn(sites: Sites,
                                                                 open_page: OpenPage) -> None:
    page = open_page(sites.draft)
    link = page.locator("#a4 .permalink")
    opacity = "el => getComputedStyle(el.closest('.turn-tools')).opacity"
    assert link.evaluate(opacity) == "0"
    page.locator("#a4 .turn-body").hover()
    page.wait_for_function("getComputedStyle(document.querySelector('#a4 .turn-tools'))"
                           ".opacity === '1'")
    link.click()
    assert page.evaluate("location.hash") == "#a4"
    assert _in_view(page, "#a4")
    page.mouse.move(0, 0)
    other = page.locator("#a1 .permalink")
    page.locator("#q1 pre").focus()
    page.keyboard.press("Tab")
    assert other.evaluate("el => el === document.activeElement")
    page.wait_for_function("getComputedStyle(document.querySelector('#a1 .turn-tools'))"
                           ".opacity === '1'")
    assert other.evaluate("el => getComputedStyle(el).outlineStyle") == "solid"


def test_copy_buttons_copy_code_and_the_turn_address(sites: Sites, browser: Any) -> None:
    context = browser.new_context(**DESKTOP)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=sites.example[:-1])
    page = context.new_page()
    page.goto(sites.draft)
    page.locator("#q1 figure.code button.copy").click()
    expect(page.locator("#q1 figure.code button.copy")).to_have_text("Copied")
    code = page.evaluate("navigator.clipboard.readText()")
    assert code.startswith("        self.weights = [w-(eta/len(mini_batch))*nw\n")
    assert code.rstrip().endswith("zip(self.biases, nabla_b)]")
    page.goto(sites.example + "2024/03/python-decorators/")
    page.locator("#a2 .turn-body").hover()
    page.locator("#a2 button.copy-link").click()
    expect(page.locator("#announce")).to_have_text("Link copied")
    address = page.evaluate("navigator.clipboard.readText()")
    assert address == "https://example.github.io/2024/03/python-decorators/#a2"
    context.close()


def test_without_javascript_the_copy_buttons_stay_hidden(sites: Sites,
                                                         open_page: OpenPage) -> None:
    page = open_page(sites.draft, java_script_enabled=False)
    assert page.locator("button.copy, button.copy-link, .theme-toggle").count() > 10
    assert visible_ids(page, "button") == []
    expect(page.locator("figure.code .lang").first).to_have_text("Python")


def _background(page: Any) -> str:
    return page.evaluate("getComputedStyle(document.body).backgroundColor")


def test_the_dark_scheme_follows_the_system(sites: Sites, open_page: OpenPage) -> None:
    assert _background(open_page(sites.draft, color_scheme="light")) == LIGHT_BG
    dark = open_page(sites.draft, color_scheme="dark")
    assert _background(dark) == DARK_BG
    code = dark.eval_on_selector("#q1 pre.highlight", "el => getComputedStyle(el).backgroundColor")
    assert code == "rgb(39, 40, 34)", "code blocks take the dark Pygments style"


def test_the_theme_toggle_switches_and_remembers(sites: Sites, open_page: OpenPage) -> None:
    page = open_page(sites.draft, color_scheme="light")
    toggle = page.get_by_role("button", name="Dark theme")
    expect(toggle).to_have_attribute("aria-pressed", "false")
    toggle.click()
    assert _background(page) == DARK_BG
    expect(toggle).to_have_attribute("aria-pressed", "true")
    page.goto(sites.example)
    assert page.evaluate("document.documentElement.dataset.theme") == "dark"
    assert _background(page) == DARK_BG
    page.get_by_role("button", name="Dark theme").click()
    page.reload()
    assert _background(page) == LIGHT_BG


def test_the_remembered_theme_applies_before_first_paint(sites: Sites, browser: Any) -> None:
    context = browser.new_context(color_scheme="light")
    context.add_init_script("localStorage.setItem('sitegen-theme', 'dark')")
    page = context.new_page()
    page.add_init_script("""new MutationObserver((changes, observer) => {
        if (document.body) {
            window.themeAtBody = document.documentElement.dataset.theme || 'none';
            observer.disconnect();
        }
    }).observe(document, {childList: true, subtree: true});""")
    page.goto(sites.draft)
    assert page.evaluate("window.themeAtBody") == "dark", "set before anything is drawn"
    assert _background(page) == DARK_BG
    context.close()


PHONE_PAGES = ["", "DRAFT", "2024/07/moving-to-static-site/", "tags/"]
THEME_PHONE_PAGES = ["2023/wide-table/", "2023/arabic/", "2023/three-answers/", "404.html"]


@pytest.mark.parametrize("path", PHONE_PAGES + [f"theme:{p}" for p in THEME_PHONE_PAGES])
def test_a_phone_never_scrolls_sideways(sites: Sites, open_page: OpenPage, path: str) -> None:
    if path.startswith("theme:"):
        url = sites.theme + path.removeprefix("theme:")
    else:
        url = sites.draft if path == "DRAFT" else sites.example + path
    page = open_page(url, **PHONE)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert page.evaluate("innerWidth") == 390


def test_print_shows_every_answer_with_its_label_and_no_controls(sites: Sites,
                                                                 open_page: OpenPage) -> None:
    page = open_page(sites.draft)
    page.emulate_media(media="print")
    assert visible_ids(page, ".turn") == ["q1", "a1", "q2", "a2", "a3", "q4", "a4"]
    captions = page.eval_on_selector_all(
        ".variant-caption", "els => els.filter(e => e.checkVisibility() && "
                            "e.getBoundingClientRect().width > 50).map(e => e.textContent)")
    assert captions == ["Answer 1 of 2", "Answer 2 of 2"]
    assert visible_ids(page, "button, .variant-tab, .site-nav, .questions") == []


def test_screenshots_of_the_draft(sites: Sites, open_page: OpenPage) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    shots = {"draft-light.png": {"color_scheme": "light"},
             "draft-dark.png": {"color_scheme": "dark"},
             "draft-phone.png": {**PHONE, "color_scheme": "light"}}
    for name, options in shots.items():
        page = open_page(sites.draft, **options)
        page.screenshot(path=str(ARTIFACTS / name), full_page=True)
        assert (ARTIFACTS / name).stat().st_size > 10_000
        top = name.replace(".png", "-top.png")
        page.screenshot(path=str(ARTIFACTS / top))
        page.locator("#x2").scroll_into_view_if_needed()
        page.evaluate("document.getElementById('x2').scrollIntoView()")
        page.screenshot(path=str(ARTIFACTS / name.replace(".png", "-answers.png")))
