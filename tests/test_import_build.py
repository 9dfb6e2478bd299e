"""An imported site builds with ``sitegen build --drafts``, every conversation a page."""

from __future__ import annotations

import html
from pathlib import Path

import pytest
from test_import_support import EXPECTED, EXPORTS, posts, run_import, sitegen, zip_folder

from sitegen.linkcheck import check_links


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Both fixture exports imported into one site, then built with the drafts."""
    base = tmp_path_factory.mktemp("built")
    site = base / "site"
    site.mkdir()
    (site / "_config.yml").write_text('title: Chats\nurl: "https://example.org"\n')
    run_import("chatgpt", zip_folder(EXPORTS / "chatgpt", base / "a.zip"), "--source", site)
    imported = sitegen("import", "claude", str(zip_folder(EXPORTS / "claude", base / "b.zip")),
                       cwd=site)
    assert imported.returncode == 1 and "1 conversation(s) could not be read" in imported.stderr
    done = sitegen("build", "--drafts", "--source", str(site))
    assert done.returncode == 0, done.stderr
    return site


def pages(site: Path) -> list[str]:
    return [p.read_text(encoding="utf-8") for p in (site / "_site").rglob("*.html")]


def test_every_imported_post_has_a_page(built: Path) -> None:
    titles = []
    for post in posts(built).values():
        line = next(ln for ln in post.read_text(encoding="utf-8").split("\n")
                    if ln.startswith("title: "))
        titles.append(line.removeprefix("title: ").strip('"'))
    assert len(titles) == len(EXPECTED["chatgpt"]) + len(EXPECTED["claude"])
    rendered = pages(built)
    for title in titles:
        assert any(f"<title>{html.escape(title, quote=False)}" in page for page in rendered), title


def test_labels_inside_messages_do_not_render_as_turns(built: Path) -> None:
    page = next((built / "_site").rglob("tricky-text*.html")).read_text(encoding="utf-8")
    assert "**&#89;ou:**" not in page
    assert "<strong>You:</strong>" in page
    assert "<p>ChatGPT: a fake answer</p>" in page


def test_links_inside_the_site_resolve(built: Path) -> None:
    broken = [str(p) for p in check_links(built / "_site", "")
              if "/assets/" not in str(p)]
    assert broken == []


def test_imported_images_are_published(built: Path) -> None:
    assert (built / "_site" / "assets" / "plot-a-parabola" / "file-Plot123-plot.png").is_file()
    assert check_links(built / "_site", "") == []
