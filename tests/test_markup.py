"""Markdown rendering, specified by the fixture files in tests/fixtures/markup/.

A fixture file holds cases, one after another::

    title of the case
    .
    Markdown in (rendered as post.md from line 1)
    .
    HTML out
    .
    post.md:3: warning: ... (the expected problems, one a line, or none)

and a blank line before the next title. ``python tests/test_markup.py [file.txt]`` rewrites
the expected parts from what the renderer does now; review the diff before committing.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, replace
from pathlib import Path

import pytest

from sitegen.markup import Markup, MarkupOptions

FIXTURES = Path(__file__).parent / "fixtures" / "markup"
OPTIONS = MarkupOptions(
    baseurl="/blog", url="https://example.org",
    post_urls={"2010-07-17-hello": "/blog/hello", "notes/2011-01-02-deep": "/blog/deep",
               "_posts/2010-07-17-hello.md": "/blog/hello", "about.md": "/blog/about/"},
)
FILE_OPTIONS = {
    "html_off": replace(OPTIONS, html=False),
    "mathjax": replace(OPTIONS, math="mathjax"),
    "code_limit": replace(OPTIONS, code_size_limit=40),
}


@dataclass(frozen=True)
class Case:
    file: str
    line: int
    title: str
    markdown: str
    html: str
    problems: tuple[str, ...]


def read(path: Path) -> list[Case]:
    """The cases of one fixture file."""
    lines, cases, i = path.read_text(encoding="utf-8").split("\n"), [], 0
    while i < len(lines):
        if not lines[i].strip():
            i += 1
            continue
        title, start = lines[i], i + 1
        parts, i = [], i + 2
        for _ in range(2):
            end = lines.index(".", i)
            parts.append("\n".join(lines[i:end]) + "\n")
            i = end + 1
        problems = []
        while i < len(lines) and lines[i].strip():
            problems.append(lines[i])
            i += 1
        cases.append(Case(path.stem, start, title, parts[0], parts[1], tuple(problems)))
    return cases


def all_cases() -> list[Case]:
    return [case for path in sorted(FIXTURES.glob("*.txt")) for case in read(path)]


def render(case: Case) -> tuple[str, tuple[str, ...]]:
    """What the renderer makes of a case: HTML and problem lines."""
    markup = _markup(case.file)
    result = markup.render(case.markdown, path="post.md", line=1)
    return result.html, tuple(str(p) for p in result.problems)


_MARKUPS: dict[str, Markup] = {}


def _markup(file: str) -> Markup:
    if file not in _MARKUPS:
        _MARKUPS[file] = Markup(FILE_OPTIONS.get(file, OPTIONS))
    return _MARKUPS[file]


def update(path: Path) -> None:
    """Rewrite a fixture file's expected parts from the current output."""
    out = []
    for case in read(path):
        html, problems = render(case)
        out.append("\n".join([case.title, ".", case.markdown.rstrip("\n"), ".",
                              html.rstrip("\n"), ".", *problems]))
    path.write_text("\n\n".join(out) + "\n", encoding="utf-8")


@pytest.mark.parametrize("case", all_cases(), ids=lambda c: f"{c.file}:{c.line} {c.title}")
def test_fixture(case: Case) -> None:
    html, problems = render(case)
    assert html.rstrip("\n") == case.html.rstrip("\n")
    assert problems == case.problems


if __name__ == "__main__":
    for name in sys.argv[1:] or [p.name for p in sorted(FIXTURES.glob("*.txt"))]:
        update(FIXTURES / name)
