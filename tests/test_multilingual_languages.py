"""Languages: ``languages:`` in _config.yml, a post's language, the theme's words and dates.

The cases are data in ``tests/fixtures/multilingual/``; each test id names the fixture line.
"""

from __future__ import annotations

import datetime as dt
import re
import string
from pathlib import Path

import pytest
import yaml

from sitegen import languages
from sitegen.config import load
from sitegen.errors import BuildFailed
from sitegen.model import Kind, SourceFile
from sitegen.posts import read_post

FIXTURES = Path(__file__).parent / "fixtures" / "multilingual"


def table(name: str) -> list[tuple[int, list[str]]]:
    """Lines of a ' | '-separated fixture with their line numbers (comments skipped)."""
    rows = []
    for number, line in enumerate((FIXTURES / name).read_text("utf-8").splitlines(), start=1):
        if line.strip() and not line.startswith("#"):
            rows.append((number, [cell.strip() for cell in line.split(" | ")]))
    return rows


def blocks(name: str) -> list[tuple[int, str, list[str]]]:
    """(line, config text, expected lines) of a '===='-separated fixture."""
    found, config, expected, start = [], [], [], 0
    lines = (FIXTURES / name).read_text("utf-8").splitlines()
    for number, line in enumerate([*lines, "===="], start=1):
        if line == "====":
            if config:
                found.append((start, "\n".join(config) + "\n", expected))
            config, expected = [], []
        elif line.startswith("> "):
            start = start if config else number
            config.append(line[2:])
        elif line.strip() and not line.startswith("#"):
            expected.append(line)
    return found


@pytest.mark.parametrize(("config", "rel", "meta", "expected"),
                         [pytest.param(*row, id=f"line{n}") for n, row in
                          table("post_languages.txt")])
def test_post_language(tmp_path: Path, config: str, rel: str, meta: str, expected: str) -> None:
    (tmp_path / "_config.yml").write_text(config.replace("\\n", "\n") + "\n", encoding="utf-8")
    for folder in ("_posts/zh", "_posts/ar", "_posts/hant", "_posts/misc"):
        (tmp_path / folder).mkdir(parents=True, exist_ok=True)
    path = tmp_path / rel
    path.write_text(f"---\n{meta}\ntitle: T\n---\nBody\n", encoding="utf-8")
    site, _ = load(tmp_path)
    assert read_post(SourceFile(path, rel, Kind.POST), site).lang == expected


@pytest.mark.parametrize(("config", "expected"),
                         [pytest.param(c, e, id=f"line{n}") for n, c, e in
                          blocks("languages_config.txt")])
def test_languages_config(tmp_path: Path, config: str, expected: list[str]) -> None:
    (tmp_path / "_config.yml").write_text(config, encoding="utf-8")
    try:
        site, problems = load(tmp_path)
    except BuildFailed as failed:
        assert [str(p) for p in failed.problems] == expected
        return
    if problems:
        assert [str(p) for p in problems] == expected
        return
    got = [f"{x.code} {x.name} {x.tag} {x.dir}" for x in site.languages.items]
    assert got == expected
    assert site.lang == site.languages.default.code and site.languages.configured


def test_without_languages_the_post_folders_are_the_languages(tmp_path: Path) -> None:
    for folder in ("_posts/zh", "_posts/ar", "_posts/assets", "_posts/hant"):
        (tmp_path / folder).mkdir(parents=True)
    site, problems = load(tmp_path)
    assert site.languages.codes == ("en", "ar", "hant", "zh") and problems == []
    assert not site.languages.configured and site.languages.get("ar").dir == "rtl"
    assert site.languages.get("hant").tag == "zh-Hant"


def test_a_site_without_language_folders_has_one_language(tmp_path: Path) -> None:
    (tmp_path / "_config.yml").write_text("lang: de\n", encoding="utf-8")
    site, _ = load(tmp_path)
    assert site.languages.codes == ("de",) and not site.languages.multilingual


def i18n_files() -> list[Path]:
    return sorted(languages.I18N.glob("*.yml"))


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("path", i18n_files(), ids=lambda p: p.name)
def test_ui_words_use_the_same_placeholders_as_english(path: Path) -> None:
    from sitegen import ui

    english = {**ui.ENGLISH, **yaml.safe_load((languages.I18N / "en.yml").read_text("utf-8"))}
    words = yaml.safe_load(path.read_text("utf-8"))
    assert set(words) <= set(english), "keys English does not have"
    for key, text in words.items():
        assert fields(str(text)) <= fields(english[key]) | {"month_name", "month", "day",
                                                              "year"}, key


@pytest.mark.parametrize("code", ["zh", "hant", "ja", "es", "fr", "de", "ar", "hi"])
def test_each_language_of_the_first_users_blog_has_its_theme_words(code: str) -> None:
    from sitegen import ui

    words = languages.strings(code)
    own = yaml.safe_load((languages.I18N / f"{code}.yml").read_text("utf-8"))
    missing = sorted(k for k in ui.ENGLISH if k not in own and not k.startswith("n_"))
    assert missing == [], f"{code}.yml lacks {missing}"
    assert words["draft"] != "Draft" and words["questions"] != ui.ENGLISH["questions"]


def test_a_language_without_a_file_falls_back_to_english() -> None:
    assert languages.strings("sw")["also_in"] == "Also in"
    assert languages.strings("zh-TW") == languages.strings("zh")


@pytest.mark.parametrize(("code", "expected"), [
    ("en", "March 4, 2020"), ("zh", "2020年3月4日"), ("ja", "2020年3月4日"),
    ("de", "4. März 2020"), ("fr", "4 mars 2020"), ("es", "4 de marzo de 2020"),
    ("ar", "4 مارس 2020"), ("sw", "March 4, 2020"),
])
def test_dates_in_each_language(code: str, expected: str) -> None:
    assert languages.format_date(dt.date(2020, 3, 4), code) == expected


def test_codes_and_directions() -> None:
    assert [languages.is_code(c) for c in ("en", "pt-br", "hant", "zh-Hant", "misc", "e")] == \
        [True, True, True, True, False, False]
    assert languages.is_rtl("ar") and languages.is_rtl("fa-IR") and not languages.is_rtl("en")
    assert re.fullmatch(r"\w+", languages.language("ko").name)
