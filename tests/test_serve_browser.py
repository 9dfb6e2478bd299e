"""Live preview in real Chromium: pages reload by themselves and show build errors.

Runs ``sitegen serve`` as a subprocess on a temporary site and drives Chromium with
Playwright. Skipped when Chromium is not installed at /usr/bin/chromium.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from conftest import write_tree
from test_server_serve import DRAFT, DRAFT_TEXT, SITE, Serve

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync"]
OVERLAY = "#sitegen-overlay"
WAIT_MS = 30_000

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(),
                                reason="needs Chromium at /usr/bin/chromium (Debian: chromium)")
sync_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def browser() -> Iterator[sync_api.Browser]:
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: sync_api.Browser) -> Iterator[sync_api.Page]:
    context = browser.new_context()
    yield context.new_page()
    context.close()


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return write_tree(tmp_path / "site", SITE)


@contextmanager
def served(site: Path, *args: str) -> Iterator[Serve]:
    server = Serve(site, *args)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def serve(site: Path) -> Iterator[Serve]:
    with served(site) as server:
        yield server


def edit(site: Path, answer: str) -> None:
    write_tree(site, {DRAFT: DRAFT_TEXT.format(answer=answer)})


def test_draft_reloads_on_save_and_shows_then_clears_errors(
        serve: Serve, site: Path, page: sync_api.Page) -> None:
    expect = sync_api.expect
    page.goto(f"{serve.url}my-draft/")
    expect(page.locator(".draft-banner")).to_be_visible()
    expect(page.locator("main")).to_contain_text("A post not yet published.")
    page.evaluate("window.notReloadedYet = true")

    edit(site, "Edited on disk, seen without a manual reload.")
    expect(page.locator("main")).to_contain_text("seen without a manual reload",
                                                 timeout=WAIT_MS)
    assert page.evaluate("window.notReloadedYet === undefined")

    write_tree(site, {DRAFT: "---\ntitle: My draft\ndate: <b>soon</b>\n---\n\nMe: Hi?\n"})
    overlay = page.locator(OVERLAY)
    expect(overlay).to_contain_text(f"{DRAFT}:3: cannot read date '<b>soon</b>'",
                                    timeout=WAIT_MS)
    expect(overlay).to_contain_text("Build failed: 1 error")
    assert overlay.locator("b").count() == 0
    expect(page.locator("main")).to_contain_text("seen without a manual reload")

    edit(site, "Fixed again.")
    expect(page.locator("main")).to_contain_text("Fixed again.", timeout=WAIT_MS)
    expect(overlay).to_have_count(0)


def test_errors_before_the_first_good_build_then_the_site(site: Path,
                                                          page: sync_api.Page) -> None:
    expect = sync_api.expect
    write_tree(site, {"_config.yml": "title: [unclosed\n"})
    with served(site) as server:
        page.goto(f"{server.url}my-draft/")
        expect(page.locator(OVERLAY)).to_contain_text("_config.yml:", timeout=WAIT_MS)
        write_tree(site, {"_config.yml": SITE["_config.yml"]})
        expect(page.locator("main")).to_contain_text("A post not yet published.",
                                                     timeout=WAIT_MS)
        expect(page.locator(OVERLAY)).to_have_count(0)


def test_follow_goes_to_the_post_just_edited(site: Path, page: sync_api.Page) -> None:
    expect = sync_api.expect
    with served(site, "--follow") as server:
        page.goto(server.url)
        expect(page.locator("main")).to_contain_text("Second")
        edit(site, "Followed here from the home page.")
        expect(page.locator("main")).to_contain_text("Followed here", timeout=WAIT_MS)
        assert page.url == f"{server.url}my-draft/"


def test_a_long_list_of_errors_is_cut_short(serve: Serve, site: Path,
                                            page: sync_api.Page) -> None:
    page.goto(serve.url)
    write_tree(site, {f"_drafts/broken-{n:02d}.md": "---\ntitle: [unclosed\n---\nMe: Hi?\n"
                      for n in range(35)})
    overlay = page.locator(OVERLAY)
    sync_api.expect(overlay).to_contain_text("Build failed: 35 errors", timeout=WAIT_MS)
    sync_api.expect(overlay).to_contain_text("… and 5 more (the terminal lists them all)")
    assert "_drafts/broken-29.md:2:" in overlay.inner_text()
    assert "_drafts/broken-30.md" not in overlay.inner_text()
