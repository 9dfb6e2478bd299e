"""Accessibility: axe-core finds no violations on the theme's pages, in both schemes.

Skipped when Chromium is not installed at /usr/bin/chromium.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from test_browser import DESKTOP, PHONE, Sites, browser, sites  # noqa: F401 (fixtures)
from theme_pages import CHROMIUM

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(),
                                reason="needs Chromium at /usr/bin/chromium (Debian: chromium)")
axe_sync = pytest.importorskip("axe_playwright_python.sync_playwright")

PAGES = {
    "home": "",
    "transcript": "DRAFT",
    "tag": "tags/python/",
    "tags": "tags/",
    "archive": "archive/",
    "article": "2024/07/moving-to-static-site/",
    "not-found": "404.html",
    "variants": "theme:2023/three-answers/",
    "rtl": "theme:2023/arabic/",
    "table": "theme:2023/wide-table/",
}


@pytest.fixture(scope="module")
def axe() -> Any:
    return axe_sync.Axe()


@pytest.fixture
def context(browser: Any) -> Iterator[Any]:  # noqa: F811 (the fixture imported above)
    contexts: list[Any] = []
    yield lambda **options: contexts.append(browser.new_context(**options)) or contexts[-1]
    for made in contexts:
        made.close()


def _url(sites: Sites, path: str) -> str:  # noqa: F811
    if path == "DRAFT":
        return sites.draft
    if path.startswith("theme:"):
        return sites.theme + path.removeprefix("theme:")
    return sites.example + path


def _violations(axe: Any, page: Any) -> list[str]:
    results = axe.run(page)
    return [f"{v['id']}: {v['help']} at {[n['target'] for n in v['nodes']]}"
            for v in results.response["violations"]]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", list(PAGES))
def test_no_axe_violations(sites: Sites, context: Any, axe: Any,  # noqa: F811
                           name: str, scheme: str) -> None:
    page = context(**DESKTOP, color_scheme=scheme).new_page()
    page.goto(_url(sites, PAGES[name]))
    assert _violations(axe, page) == []


@pytest.mark.parametrize("name", ["transcript", "home"])
def test_no_axe_violations_on_a_phone(sites: Sites, context: Any, axe: Any,  # noqa: F811
                                      name: str) -> None:
    page = context(**PHONE).new_page()
    page.goto(_url(sites, PAGES[name]))
    assert _violations(axe, page) == []


def test_no_axe_violations_with_the_second_answer_open(sites: Sites, context: Any,  # noqa: F811
                                                       axe: Any) -> None:
    page = context(**DESKTOP, color_scheme="dark").new_page()
    page.goto(sites.draft)
    page.locator("label", has_text="Answer 2 of 2").click()
    page.locator("#a1 .turn-body").hover()
    assert _violations(axe, page) == []


def test_axe_reports_what_it_finds(context: Any, axe: Any) -> None:
    page = context().new_page()
    page.set_content('<html><body><img src="x.png"><p style="color:#bbb;background:#fff">'
                     "faint</p></body></html>")
    found = {v.split(":")[0] for v in _violations(axe, page)}
    assert {"image-alt", "color-contrast", "html-has-lang"} <= found
