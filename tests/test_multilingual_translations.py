"""Posts that translate each other: the cases of fixtures/multilingual/translation_groups.txt."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from conftest import write_tree

from sitegen.config import load
from sitegen.model import Kind, Post, SourceFile
from sitegen.posts import read_post
from sitegen.translations import group_translations, link, links, translation_views

FIXTURE = Path(__file__).parent / "fixtures" / "multilingual" / "translation_groups.txt"


def cases() -> list[pytest.ParameterSet]:
    found, block, start = [], [], 0
    lines = FIXTURE.read_text("utf-8").splitlines()
    for number, line in enumerate([*lines, "===="], start=1):
        if line == "====":
            if block:
                found.append(pytest.param(block, id=f"line{start}"))
            block = []
        elif line.strip() and not line.startswith("#"):
            start = start if block else number
            block.append(line)
    return found


def read_site(tmp_path: Path, block: list[str]) -> list[Post]:
    config_text = "".join(line[2:] + "\n" for line in block if line.startswith("> "))
    files = [line for line in block if line[:2] not in ("> ", "= ", "! ")]
    tree: dict[str, str | bytes] = {"_config.yml": config_text}
    for entry in files:
        rel, _, meta = entry.partition(" :: ")
        tree[rel] = "---\n" + meta.replace("; ", "\n") + "\ntitle: T\n---\nBody\n"
    site = write_tree(tmp_path, tree)
    config, _ = load(site)
    read = []
    for entry in files:
        rel = entry.partition(" :: ")[0]
        kind = Kind.POST if rel.startswith("_posts/") else Kind.PAGE
        read.append(read_post(SourceFile(site / rel, rel, kind), config))
    return read


@pytest.mark.parametrize("block", cases())
def test_translation_groups(tmp_path: Path, block: list[str]) -> None:
    posts = read_site(tmp_path, block)
    config, _ = load(tmp_path)
    groups, problems = group_translations(posts, config.languages)
    got = {" + ".join(p.source.rel for p in group) for group in groups.values()}
    assert sorted(got) == sorted(line[2:] for line in block if line.startswith("= "))
    assert [str(p) for p in problems] == [line[2:] for line in block if line.startswith("! ")]


def test_link_gives_each_view_the_others(tmp_path: Path) -> None:
    from sitegen.views import PostView

    posts = read_site(tmp_path, ["> languages: [en, zh]", "_posts/2020-03-04-a-en.md",
                                 "_posts/2020-03-04-a-zh.md", "_posts/2020-03-04-b-en.md"])
    config, _ = load(tmp_path)
    groups, _ = group_translations(posts, config.languages)
    fields = dict.fromkeys(PostView.__dataclass_fields__)
    views = [PostView(**{**fields, "title": p.title, "url": p.url, "lang": p.lang,  # type: ignore[arg-type]
                         "source": p.source.rel, "translations": ()}) for p in posts]
    linked = link(views, groups, config.languages)
    assert [[(t.lang, t.url, t.name) for t in v.translations] for v in linked] == [
        [("zh", "/2020/03/04/a-zh.html", "中文")], [("en", "/2020/03/04/a-en.html", "English")],
        []]


def test_switcher_entries_carry_tag_name_and_direction(tmp_path: Path) -> None:
    posts = read_site(tmp_path, ["> languages: {en: English, hant: 繁體, ar: العربية}",
                                 "_posts/hant/2020-03-04-a-hant.md",
                                 "_posts/2020-03-04-a-ar.md", "_posts/2020-03-04-a-en.md"])
    config, _ = load(tmp_path)
    groups, _ = group_translations(posts, config.languages)
    links = translation_views(groups, config.languages)
    assert [(t.lang, t.name, t.dir, t.url) for t in links["_posts/2020-03-04-a-en.md"]] == [
        ("zh-Hant", "繁體", "ltr", "/2020/03/04/a-hant.html"),
        ("ar", "العربية", "rtl", "/2020/03/04/a-ar.html")]


@pytest.mark.parametrize("block", cases()[:6])
def test_links_equal_the_views_of_the_groups_every_time(tmp_path: Path,
                                                        block: list[str]) -> None:
    posts = read_site(tmp_path, block)
    config, _ = load(tmp_path)
    groups, problems = group_translations(posts, config.languages)
    expected = (translation_views(groups, config.languages), problems)
    assert links(posts, config.languages) == expected
    assert links(posts, config.languages) == expected  # the kept answer


def test_links_follow_a_retitled_translation(tmp_path: Path) -> None:
    posts = read_site(tmp_path, ["> languages: [en, zh]", "_posts/2020-03-04-a-en.md",
                                 "_posts/2020-03-04-a-zh.md"])
    config, _ = load(tmp_path)
    first, _ = links(posts, config.languages)
    assert first["_posts/2020-03-04-a-zh.md"][0].title == "T"
    retitled = [dataclasses.replace(posts[0], title="Other"), *posts[1:]]
    again, _ = links(retitled, config.languages)
    assert again["_posts/2020-03-04-a-zh.md"][0].title == "Other"
