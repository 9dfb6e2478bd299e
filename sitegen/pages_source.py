"""The site's other files, as Jekyll reads them: pages with front matter, and static files.

Outside ``_posts/``, ``_drafts/`` and every other folder or file whose name starts with
``_``, ``.``, ``#`` (or ends with ``~``), a file is either

* a **page**, when it is Markdown or HTML and starts with front matter (``about.md``,
  ``notes/2025-06-03-softmax-en.md``): rendered at its path, or at its ``permalink:``;
* left out with a warning, when it has front matter but is neither (a Liquid ``feed.xml``
  or ``style.scss``): Jekyll would run Liquid over it, which sitegen does not;
* a **static file** otherwise, copied as it is (``assets/x.png``, ``CNAME``, a Markdown
  file without front matter).

``exclude`` and ``include`` of _config.yml match paths the way Jekyll matches them (a
pattern, or the start of a path: ``c`` leaves out ``css/`` too). Folders such as
``original/`` are published unless they are excluded, as in Jekyll. sitegen's own folders
(``templates/``, ``static/``, ...) and the destination are never read.

Pages are read by ``posts.read_post`` like posts (their URL is Jekyll's for pages).
"""

from __future__ import annotations

import fnmatch
import os
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from sitegen import config as config_mod
from sitegen import posts
from sitegen.config import SiteConfig
from sitegen.errors import Problem, warning
from sitegen.model import Kind, Post, RenderedPost, SourceFile
from sitegen.posts import HTML_EXTENSIONS, PAGE_EXTENSIONS

if TYPE_CHECKING:  # rendering is imported only by the processes that render
    from sitegen.render import PostRenderer

OWN_FILES = frozenset({"feed.xml", "atom.xml", "sitemap.xml", "robots.txt"})
"""Files Jekyll sites make with Liquid (or plugins) that sitegen writes itself."""
_TAG = re.compile(r"<[^>]*>")
EXCERPT_CHARS = 300
_SPECIAL_START = (".", "_", "#", "~")


@dataclass(frozen=True)
class SiteFiles:
    """What the site has besides posts and drafts."""

    pages: tuple[SourceFile, ...] = ()
    static: Mapping[str, Path] = field(default_factory=dict)
    """Output path -> the file to copy there unchanged."""
    problems: tuple[Problem, ...] = ()


def discover_pages(config: SiteConfig, destination: Path | None = None) -> SiteFiles:
    """The site's pages and static files (sorted by path); never reads the destination."""
    pages: list[SourceFile] = []
    static: dict[str, Path] = {}
    problems: list[Problem] = []
    for path, rel in walk_site(config, destination):
        if not has_front_matter(path):
            static[rel] = path
        elif rel.lower().endswith(PAGE_EXTENSIONS):
            pages.append(SourceFile(path, rel, Kind.PAGE))
        else:
            problems.append(_liquid_file(rel))
    pages.sort(key=lambda page: page.rel)
    return SiteFiles(tuple(pages), dict(sorted(static.items())), tuple(sorted(problems)))


def _liquid_file(rel: str) -> Problem:
    if rel in OWN_FILES:
        return warning(rel, 1, f"sitegen writes its own {rel}; this Liquid template is not used",
                       "delete it, or keep it for Jekyll")
    return warning(rel, 1, "has front matter, so Jekyll would run Liquid over it; sitegen does "
                   "not, and leaves it out", "remove the front matter to copy it as it is")


def walk_site(config: SiteConfig, destination: Path | None = None) -> Iterator[tuple[Path, str]]:
    """Every file of the site outside special, excluded and sitegen's own folders."""
    root = config.source
    skip = {root / config.destination}
    if destination is not None:
        skip.add(destination)
    skip = {p.resolve() for p in skip}
    for folder, dirs, names in os.walk(root):
        here = Path(folder)
        base = here.relative_to(root).as_posix()
        dirs[:] = sorted(d for d in dirs if not _left_out(_join(base, d), config)
                         and (here / d).resolve() not in skip)
        for name in sorted(names):
            rel = _join(base, name)
            path = here / name
            if not _left_out(rel, config) and path.is_file():
                yield path, rel


def _join(base: str, name: str) -> str:
    return name if base == "." else f"{base}/{name}"


def _left_out(rel: str, config: SiteConfig) -> bool:
    if matches(rel, config.include):
        return False
    name = PurePosixPath(rel).name
    if name.startswith(_SPECIAL_START) or name.endswith("~"):
        return True
    if rel.split("/")[0] in config_mod.DEFAULT_EXCLUDE and rel.split("/")[0] not in \
            config.jekyll_exclude:
        return True
    return matches(rel, config.jekyll_exclude)


def matches(rel: str, patterns: tuple[str, ...]) -> bool:
    """Jekyll's test of a path against ``exclude``/``include``: a glob, or a path prefix."""
    for pattern in patterns:
        pattern = pattern.lstrip("/")
        if pattern and (fnmatch.fnmatchcase(rel, pattern) or rel.startswith(pattern)):
            return True
    return False


def has_front_matter(path: Path) -> bool:
    """Whether a file starts with ``---`` on a line of its own (after any byte order mark)."""
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
    except OSError:
        return False
    head = head.removeprefix(b"\xef\xbb\xbf")
    return head.startswith((b"---\n", b"---\r\n")) or head.rstrip(b" \t") == b"---"


def read_pages(found: tuple[SourceFile, ...],
               config: SiteConfig) -> tuple[list[Post], list[Problem]]:
    """Read every page; a page that cannot be read is a problem, the others go on."""
    pages: list[Post] = []
    problems: list[Problem] = []
    for source in found:
        page = posts.read_or_problem(source, config)
        if isinstance(page, Problem):
            problems.append(page)
        elif page.published or config.unpublished:
            pages.append(page)
    return pages, problems


def is_html_page(post: Post) -> bool:
    """A page written in HTML (rendered as it is, not as Markdown)."""
    return post.source.kind is Kind.PAGE and post.source.rel.lower().endswith(HTML_EXTENSIONS)


def render_page(renderer: PostRenderer, post: Post) -> RenderedPost:
    """A post or page rendered: HTML pages as they are, everything else by `renderer`."""
    return render_html_page(post) if is_html_page(post) else renderer.render(post)


def render_html_page(post: Post) -> RenderedPost:
    """An HTML page as it is written: its body is the page's content, never Markdown."""
    from sitegen.transcript import split_transcript

    transcript = split_transcript("", body_line=post.body_line)
    text = " ".join(_TAG.sub(" ", post.body).split())
    return RenderedPost(post=post, transcript=transcript, preamble_html=post.body, exchanges=(),
                        epilogue_html="", content_html=post.body, excerpt=text[:EXCERPT_CHARS],
                        uses_math=False, problems=post.problems)
