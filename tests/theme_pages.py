"""Helpers for the theme tests: build a site once, read its pages as lists of elements."""

from __future__ import annotations

import functools
import json
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from conftest import REPO, run_sitegen

VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                  "source", "track", "wbr"})
THEME_SITE = Path(__file__).parent / "sites" / "theme"
DRAFT_SLUG = "chatgpt-helps-me-learn-latest-ai-technology"


@dataclass
class Element:
    """An element with its attributes and all the text inside it."""

    tag: str
    attrs: dict[str, str]
    text: str = ""
    children: list[Element] = field(default_factory=list)

    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[Element] = []
        self.stack: list[Element] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {k: v or "" for k, v in attrs})
        if self.stack:
            self.stack[-1].children.append(element)
        self.elements.append(element)
        if tag not in VOID:
            self.stack.append(element)

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, -1, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        for element in self.stack:
            element.text += data


def elements(html: str) -> list[Element]:
    """Every element of a page in document order."""
    collector = _Collector()
    collector.feed(html)
    return collector.elements


def select(found: list[Element], tag: str | None = None, cls: str | None = None,
           **attrs: str) -> list[Element]:
    """Elements with this tag, class and attribute values (``attr_name`` for ``attr-name``)."""
    wanted = {k.replace("_", "-"): v for k, v in attrs.items()}
    return [e for e in found
            if (tag is None or e.tag == tag) and (cls is None or cls in e.classes())
            and all(e.attrs.get(k) == v for k, v in wanted.items())]


def meta(found: list[Element], key: str) -> str | None:
    """Content of ``<meta name=key>`` or ``<meta property=key>``."""
    for element in select(found, "meta"):
        if key in (element.attrs.get("name"), element.attrs.get("property")):
            return element.attrs.get("content")
    return None


def json_ld(found: list[Element]) -> list[object]:
    """Every JSON-LD block of a page, parsed."""
    return [json.loads(e.text) for e in select(found, "script", type="application/ld+json")]


def build(source: Path, destination: Path, *args: str) -> Path:
    """Run ``sitegen build`` as a user does; fail the test on any error."""
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    run = run_sitegen("build", "--quiet", "--source", source, "--destination", destination,
                      *args, env=env)
    assert run.returncode == 0, run.stderr
    return destination


def build_example(destination: Path, *args: str) -> Path:
    """The example blog with the user's draft."""
    return build(REPO, destination, "--drafts", *args)


def draft_url(root: Path) -> str:
    """URL path of the user's draft (dated by its file's modification time, as in Jekyll)."""
    [page] = root.glob(f"*/*/{DRAFT_SLUG}/index.html")
    return page.parent.relative_to(root).as_posix() + "/"


def read(root: Path, rel: str) -> str:
    """A built page as text (``rel`` is a URL path without the leading '/')."""
    path = root / rel
    if rel.endswith("/") or not rel:
        path = path / "index.html"
    return path.read_text(encoding="utf-8")


def html_pages(root: Path) -> list[str]:
    """Every HTML file of a built site, relative to its root."""
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*.html"))


CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]
ARTIFACTS = Path(__file__).parent / "artifacts"
"""Screenshots for reviewers (git-ignored)."""


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serve(root: Path) -> Iterator[str]:
    """Serve a built site on 127.0.0.1 in a thread; yields the base URL (ending in '/')."""
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
