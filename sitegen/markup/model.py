"""The values the Markdown renderer takes and returns: options in, a rendered fragment out.

Both are frozen dataclasses so they can cross process boundaries (the build renders in
worker processes) and be compared in tests.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal

from sitegen.errors import Problem

MathMode = Literal["mathml", "mathjax"]


@dataclass(frozen=True)
class MarkupOptions:
    """How post bodies are turned into HTML; one value per site."""

    html: bool = True
    """Pass raw HTML through (Jekyll sites rely on it); False escapes it."""
    math: MathMode = "mathml"
    """``mathml`` converts formulas at build time; ``mathjax`` keeps them for MathJax."""
    light_style: str = "default"
    """Pygments style for the light colour scheme."""
    dark_style: str = "monokai"
    """Pygments style for the dark colour scheme."""
    code_size_limit: int = 200_000
    """Code blocks larger than this many bytes are shown without highlighting."""
    baseurl: str = ""
    """The site's ``baseurl``, substituted for ``{{ site.baseurl }}``."""
    url: str = ""
    """The site's ``url``, substituted for ``{{ site.url }}``."""
    post_urls: Mapping[str, str] = field(default_factory=dict, hash=False)
    """Post names (``2010-07-17-slug``, ``subdir/2010-07-17-slug``) and source paths
    (``_posts/2010-07-17-slug.md``) to URLs, for ``{% post_url %}`` and ``{% link %}``."""


@dataclass(frozen=True)
class Heading:
    """A heading of a rendered fragment, for tables of contents and anchors."""

    id: str
    """The ``id`` attribute given to the heading (unique within the page)."""
    text: str
    """The heading's plain text."""
    level: int
    """1 for ``<h1>`` through 6 for ``<h6>``."""


@dataclass(frozen=True)
class Rendered:
    """The HTML for one piece of Markdown, and what was noticed while rendering it."""

    html: str
    """The HTML fragment."""
    problems: tuple[Problem, ...] = ()
    """Warnings, with lines of the source file."""
    uses_math: bool = False
    """True when the fragment holds math left for MathJax (``math: mathjax``)."""
    headings: tuple[Heading, ...] = ()
    """The fragment's headings in document order."""

    @cached_property
    def text(self) -> str:
        """The fragment as plain text (for excerpts and search), computed on first use."""
        return plain_text(self.html)


_CAPTION = re.compile(r"<figcaption>.*?</figcaption>|<sup class=\"footnote-ref\">.*?</sup>", re.S)
_TAG = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"\s+")


def plain_text(fragment: str) -> str:
    """Visible text of an HTML fragment with whitespace collapsed (code labels dropped)."""
    text = _TAG.sub("", _CAPTION.sub(" ", fragment))
    return _SPACE.sub(" ", html.unescape(text)).strip()
