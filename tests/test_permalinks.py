"""Permalinks: Jekyll's placeholders and styles, and output paths that stay inside the site."""

from __future__ import annotations

import datetime as dt

import pytest

from sitegen.permalinks import PermalinkError, escape, expand, output_path, slugify

DATE = dt.datetime(2024, 3, 2, 10, 15, 7)


def url(pattern: str, title: str = "hello-world", categories: tuple[str, ...] = ()) -> str:
    return expand(pattern, date=DATE, title=title, slug=title, categories=categories, lang="en")


@pytest.mark.parametrize(("pattern", "expected", "file"), [
    ("/:title", "/hello-world", "hello-world.html"),
    ("date", "/2024/03/02/hello-world.html", "2024/03/02/hello-world.html"),
    ("pretty", "/2024/03/02/hello-world/", "2024/03/02/hello-world/index.html"),
    ("none", "/hello-world.html", "hello-world.html"),
    ("/:lang/:short_year/:i_month/:i_day/:slug/", "/en/24/3/2/hello-world/",
     "en/24/3/2/hello-world/index.html"),
    ("/:year/:hour:minute:second/:title", "/2024/101507/hello-world",
     "2024/101507/hello-world.html"),
])
def test_patterns(pattern: str, expected: str, file: str) -> None:
    assert url(pattern) == expected
    assert output_path(url(pattern)) == file


def test_categories_become_slugged_folders() -> None:
    assert url("date", categories=("Machine Learning", "AI")) == \
        "/machine-learning/ai/2024/03/02/hello-world.html"


def test_space_in_name_is_escaped_in_url_not_in_file() -> None:
    raw = url("/:title", title="notes copy")
    assert escape(raw) == "/notes%20copy"
    assert output_path(raw) == "notes copy.html"


@pytest.mark.parametrize("link", ["/../x", "/a/../../x", "C:\\x", "/a\\b", "/con.html",
                                  "/a/\x01b", "/./x"])
def test_unsafe_output_paths(link: str) -> None:
    with pytest.raises(PermalinkError):
        output_path(link)


def test_absolute_looking_permalink_stays_inside_the_site() -> None:
    assert output_path("/etc/passwd") == "etc/passwd.html"


def test_unicode_slug_keeps_letters() -> None:
    assert slugify("Über Straße: 你好 World!") == "über-straße-你好-world"
    assert slugify("!!!") == "post"
