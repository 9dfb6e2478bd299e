"""The internal link check: a table of links on pages of a small site, and whole folders."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import write_tree
from hypothesis import given, settings
from hypothesis import strategies as st

from sitegen.errors import Severity
from sitegen.linkcheck import (
    _ATTRIBUTE,
    CODE_END,
    CODE_START,
    _attributes,
    broken,
    check_links,
    check_site,
    content_links,
    links_in,
    srcset_urls,
)

SITE = frozenset({
    "index.html", "about.html", "feed.xml", "css/site.css", "img/a b.png", "img/猫.png",
    "2024/03/slug/index.html", "2024/03/slug-en/index.html", "tags/python/index.html",
    "notes/page.html", "plain",
})

# baseurl | page | link | expected: "ok", or words the reason must contain
CASES = """
/repo | index.html              | /repo/                      | ok
/repo | index.html              | /repo                       | ok
/repo | index.html              | /repo/2024/03/slug/         | ok
/repo | index.html              | /repo/2024/03/slug          | ok
/repo | index.html              | /repo/about                 | ok
/repo | index.html              | /repo/about.html            | ok
/repo | index.html              | /repo/feed.xml              | ok
/repo | index.html              | /repo/plain                 | ok
/repo | index.html              | /repo/css/site.css?v=3#top  | ok
/repo | index.html              | /repo/img/a%20b.png         | ok
/repo | index.html              | /repo/img/%E7%8C%AB.png     | ok
/repo | index.html              | /repo/img/猫.png            | ok
/repo | index.html              | /repo/about/                | no about/index.html
/repo | index.html              | /repo/missing/              | no missing/index.html
/repo | index.html              | /repo/missing               | no missing, missing.html
/repo | index.html              | /2024/03/slug/              | outside the site's baseurl '/repo'
/repo | index.html              | /repository/                | outside the site's baseurl
/repo | 2024/03/slug/index.html | ../slug-en/                 | ok
/repo | 2024/03/slug/index.html | ../slug-en                  | ok
/repo | 2024/03/slug/index.html | ../slug-zh                  | no 2024/03/slug-zh
/repo | 2024/03/slug/index.html | ../../../                   | ok
/repo | 2024/03/slug/index.html | ../../../../                | leads to /, outside
/repo | 2024/03/slug/index.html | ../../../../repo/about      | ok
/repo | notes/page.html         | ../../x/                    | leads to /x/, outside
/repo | 2024/03/slug/index.html | ./                          | ok
/repo | notes/page.html         | ../about                    | ok
/repo | notes/page.html         | page                        | ok
/repo | notes/page.html         | other                       | no notes/other
/repo | index.html              | #main                       | ok
/repo | index.html              | ?page=2                     | ok
/repo | index.html              | https://example.com/x/      | ok
/repo | index.html              | //cdn.example.com/x.js      | ok
/repo | index.html              | mailto:me@example.com       | ok
/repo | index.html              | data:image/png;base64,AAAA  | ok
/repo | index.html              | javascript:void(0)          | ok
      | index.html              | /tags/python/               | ok
      | index.html              | /                           | ok
      | index.html              | /tags/java/                 | no tags/java/index.html
      | about.html              | ../about                    | ok
      | about.html              | ../../notes/page            | ok
      | notes/page.html         | ../../../../about/          | no about/index.html
"""


def table() -> list[tuple[str, str, str, str]]:
    rows = []
    for line in CASES.strip().splitlines():
        base, page, link, expected = (cell.strip() for cell in line.split("|"))
        rows.append((base, page, link, expected))
    return rows


@pytest.mark.parametrize(("base", "page", "link", "expected"), table(),
                         ids=[f"{r[1]}->{r[2]}" for r in table()])
def test_link_resolution(base: str, page: str, link: str, expected: str) -> None:
    reason = broken(link, page, SITE, base)
    if expected == "ok":
        assert reason == ""
    else:
        assert expected in reason


def test_links_to_the_site_itself_by_its_full_url_are_checked() -> None:
    url = "https://me.github.io"
    assert broken(f"{url}/repo/about", "index.html", SITE, "/repo", url) == ""
    assert "no gone/index.html" in broken(f"{url}/repo/gone/", "index.html", SITE, "/repo", url)
    assert broken("https://other.example/repo/gone/", "index.html", SITE, "/repo", url) == ""


def test_links_in_reads_every_url_attribute_with_its_line() -> None:
    html = ('<html>\n<link rel="stylesheet" href="/a.css">\n<img src="/b.png"\n'
            ' srcset="/c.png 2x, /d.png 600w">\n<video poster="/e.jpg"></video>\n'
            '<a href="/f/?q=1&amp;r=2">f</a> <a name="x">no link</a>\n'
            '<pre><code>&lt;a href="/not-a-link"&gt;</code></pre>\n')
    found = [(link.url, link.line) for link in links_in(html)]
    assert found == [("/a.css", 2), ("/b.png", 3), ("/c.png", 4), ("/d.png", 4),
                     ("/e.jpg", 5), ("/f/?q=1&r=2", 6)]


def test_links_in_skips_comments_scripts_text_and_other_attributes() -> None:
    html = ('<!-- <a href="/commented"> -->\n<script src="/s.js">var a = \'<a href="/js">\';'
            '</script>\n<IMG SRC="/upper.png" data-src="/lazy.png" alt=\'x href="/alt"\'>'
            '<a\nhref = /bare title="a &amp; b">'
            '<a href="/q?a=1&amp;b=2">text with href="/in-text" in it</a><style>x{}</style>')
    found = [(link.url, link.line) for link in links_in(html)]
    assert found == [("/s.js", 2), ("/upper.png", 3), ("/bare", 4), ("/q?a=1&b=2", 4)]


def test_srcset_candidates() -> None:
    assert srcset_urls(" a.png 1x,b.png  2x , c.png") == ["a.png", "b.png", "c.png"]


def test_check_links_names_page_line_and_link(tmp_path: Path) -> None:
    root = write_tree(tmp_path / "out", {
        "index.html": '<p>\n<a href="/blog/post/">ok</a>\n<a href="/blog/gone/">x</a>\n'
                      '<a href="/blog/gone/">again</a></p>\n',
        "post/index.html": '<img src="../pic.png"><a href="../">home</a><a href="x">x</a>',
        "feed.xml": '<link href="/blog/nowhere/"/>',
    })
    problems = check_links(root, "/blog/")
    assert [str(p) for p in problems] == [
        "index.html:3: warning: broken link to /blog/gone/ (the site has no gone/index.html)",
        "post/index.html:1: warning: broken link to ../pic.png (the site has no pic.png)",
        "post/index.html:1: warning: broken link to x "
        "(the site has no post/x, post/x.html or post/x/index.html)",
    ]
    assert all(p.severity is Severity.WARNING for p in problems)


def test_a_site_in_memory_is_checked_like_one_on_disk(tmp_path: Path) -> None:
    files: dict[str, str | bytes] = {
        "index.html": b'<a href="/b/post/">ok</a>\n<a href="/b/gone">x</a>',
        "post/index.html": b'<img src="../pic.png">', "pic.png": b"",
    }
    on_disk = check_links(write_tree(tmp_path / "out", files), "/b")
    pages = {k: v for k, v in files.items() if isinstance(v, bytes) and k.endswith(".html")}
    in_memory = check_site(pages, files, "/b")
    assert in_memory == on_disk
    assert [p.path for p in in_memory] == ["index.html"]


def test_a_clean_site_has_no_problems(tmp_path: Path) -> None:
    root = write_tree(tmp_path / "out", {
        "index.html": '<a href="/">home</a><a href="post/">post</a><a href="#top">top</a>',
        "post/index.html": '<a href="/post/#x">self</a><link href="/style.css">',
        "style.css": "body{}",
    })
    assert check_links(root, "") == []


@settings(max_examples=300, deadline=None)
@given(html=st.lists(st.sampled_from(
    ["<a ", "href", "HREF", "src", "srcset", "SRC", "poster", "=", '"', "'", "/x", " ", ">",
     "<img ", "</a>", "\n", "text", "sprite", "hello", "<!-- ", " -->", "x"]),
    max_size=40).map("".join))
def test_attributes_are_found_as_a_full_scan_finds_them(html: str) -> None:
    assert [m.span() for m in _attributes(html)] == [m.span() for m in _ATTRIBUTE.finditer(html)]


CONTENT = """See [the guide](/guide/) and ![a chart](/img/chart.png).

```html
<a href="/inside-code/">not a link: code</a>
```

    <img src="/indented-code.png">

<a href="/raw/">raw HTML</a> and [after](../after/ "t").

```python
print("<pre class='highlight'>")
```

The end: [last](https://example.com/last).
"""


def test_content_links_pass_over_highlighted_code_and_find_the_rest() -> None:
    from sitegen.markup import Markup, MarkupOptions

    html = Markup(MarkupOptions()).render(CONTENT, path="x.md", line=1).html
    assert html.count(CODE_START) == 3 and html.count(CODE_END) == 3
    expected = tuple(dict.fromkeys(link.url for link in links_in(html)))
    assert content_links(html) == expected == (
        "/guide/", "/img/chart.png", "/raw/", "../after/", "https://example.com/last")


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from([
    "[a](/a/)", "text", "```py\nx = '<a href=\"/no/\">'\n```", "<img src=\"/i.png\">",
    "    indented <b href=\"/no2/\">", "> quote [q](/q/)", "- item [i](/i/)", "`code`",
]), max_size=12))
def test_content_links_equal_a_full_scan(blocks: list[str]) -> None:
    from sitegen.markup import Markup, MarkupOptions

    html = Markup(MarkupOptions()).render("\n\n".join(blocks), path="x.md", line=1).html
    assert content_links(html) == tuple(dict.fromkeys(link.url for link in links_in(html)))
