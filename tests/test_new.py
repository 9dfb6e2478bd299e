"""`sitegen new` as a user runs it: the file it writes, its slug, and that the post builds."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import yaml
from conftest import run_sitegen, write_tree

from sitegen.frontmatter import split
from sitegen.scaffold import slugify

# title | slug
SLUGS = """
Hello World                 | hello-world
你好 世界                    | 你好-世界
Über Straße                 | uber-strasse
Crème brûlée — déjà vu!     | creme-brulee-deja-vu
Łódź & Kraków               | lodz-krakow
Tiếng Việt, 日本語           | tieng-viet-日本語
한국어 제목                   | 한국어-제목
Привет, мир                 | привет-мир
ＦＵＬＬ　ｗｉｄｔｈ           | full-width
don't panic                 | dont-panic
C++ & Rust: a_b             | c-rust-a-b
???                         | post
"""


def slug_cases() -> list[tuple[str, str]]:
    rows = [line.split("|") for line in SLUGS.strip().splitlines()]
    return [(title.strip(), slug.strip()) for title, slug in rows]


@pytest.mark.parametrize(("title", "slug"), slug_cases())
def test_slugs(title: str, slug: str) -> None:
    assert slugify(title) == slug


def test_long_titles_are_cut_at_a_word() -> None:
    slug = slugify("word " * 30)
    assert len(slug) <= 60 and slug.endswith("word") and "--" not in slug


SITE = {
    "_config.yml": "title: Test\ntimezone: Asia/Shanghai\n"
                   "transcript:\n  speakers:\n    Zhiwei: {role: asker}\n"
                   "    Claude: {role: answerer}\n",
}


def meta_and_body(path: Path) -> tuple[dict[str, object], str]:
    doc = split(path.read_text(encoding="utf-8"), path.name)
    return doc.meta, doc.body


def test_new_post_has_front_matter_and_builds(tmp_path: Path) -> None:
    site = write_tree(tmp_path / "site", SITE)
    run = run_sitegen("new", "What is a monad?", cwd=site)
    assert run.returncode == 0, run.stderr
    posts = list((site / "_posts").iterdir())
    assert len(posts) == 1
    today = dt.datetime.now(dt.timezone(dt.timedelta(hours=8))).strftime("%Y-%m-%d")
    assert posts[0].name == f"{today}-what-is-a-monad.md"
    assert run.stdout.strip() == f"created {Path('_posts') / posts[0].name}"
    meta, body = meta_and_body(posts[0])
    assert meta["title"] == "What is a monad?"
    assert re.fullmatch(rf"{today} \d\d:\d\d:\d\d \+0800", str(meta["date"]))
    assert "Zhiwei: " in body and "Claude: " in body
    built = run_sitegen("build", cwd=site)
    assert built.returncode == 0, built.stderr
    pages = list((site / "_site").rglob("what-is-a-monad.html"))
    assert len(pages) == 1
    assert "What is a monad?" in pages[0].read_text(encoding="utf-8")


def test_unicode_title_and_explicit_date(tmp_path: Path) -> None:
    site = write_tree(tmp_path / "site", SITE)
    run = run_sitegen("new", "你好 世界", "--date", "2024-03-02", "--source", site)
    assert run.returncode == 0, run.stderr
    post = site / "_posts/2024-03-02-你好-世界.md"
    meta, _ = meta_and_body(post)
    assert meta == {"title": "你好 世界", "date": dt.date(2024, 3, 2), "tags": []}
    assert run_sitegen("build", cwd=site).returncode == 0
    assert (site / "_site/2024/03/02/你好-世界.html").is_file()


def test_date_with_time_is_in_the_site_time_zone(tmp_path: Path) -> None:
    site = write_tree(tmp_path / "site", SITE)
    assert run_sitegen("new", "Late", "--date", "2024-03-02 23:30", cwd=site).returncode == 0
    text = (site / "_posts/2024-03-02-late.md").read_text(encoding="utf-8")
    assert "date: 2024-03-02 23:30:00 +0800\n" in text


def test_draft_goes_to_drafts_without_a_date(tmp_path: Path) -> None:
    site = write_tree(tmp_path / "site", {"_config.yml": "title: T\n"})
    run = run_sitegen("new", "Über Straße", "--draft", cwd=site)
    assert run.returncode == 0, run.stderr
    draft = site / "_drafts/uber-strasse.md"
    meta, body = meta_and_body(draft)
    assert meta == {"title": "Über Straße", "tags": []}
    assert "Me: " in body and "ChatGPT: " in body
    assert run_sitegen("build", cwd=site).returncode == 0
    assert not list((site / "_site").rglob("uber-strasse*"))
    assert run_sitegen("build", "--drafts", cwd=site).returncode == 0
    assert list((site / "_site").rglob("uber-strasse*"))


def test_never_overwrites(tmp_path: Path) -> None:
    site = write_tree(tmp_path / "site", {"_config.yml": "title: T\n"})
    assert run_sitegen("new", "Same", "--draft", cwd=site).returncode == 0
    draft = site / "_drafts/same.md"
    draft.write_text("my words\n", encoding="utf-8")
    again = run_sitegen("new", "Same", "--draft", cwd=site)
    assert again.returncode == 1
    assert "already exists" in again.stderr
    assert draft.read_text(encoding="utf-8") == "my words\n"


@pytest.mark.parametrize(("args", "message"), [
    (["new", "   "], "the title is empty"),
    (["new", "T", "--date", "yesterday"], "cannot read the date 'yesterday'"),
])
def test_errors(tmp_path: Path, args: list[str], message: str) -> None:
    site = write_tree(tmp_path / "site", {"_config.yml": "title: T\n"})
    run = run_sitegen(*args, cwd=site)
    assert run.returncode == 1
    assert message in run.stderr
    assert not (site / "_posts").exists()


def test_title_with_quotes_is_valid_yaml(tmp_path: Path) -> None:
    site = write_tree(tmp_path / "site", {"_config.yml": "title: T\n"})
    assert run_sitegen("new", 'Say "hi": a #test', "--draft", cwd=site).returncode == 0
    text = (site / "_drafts/say-hi-a-test.md").read_text(encoding="utf-8")
    assert yaml.safe_load(text.split("---")[1])["title"] == 'Say "hi": a #test'
