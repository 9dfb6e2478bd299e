"""Frozen dataclasses shared by the build stages.

``SourceFile`` (found on disk) -> ``Post`` (front matter read, URL decided) ->
``RenderedPost`` (transcript split, Markdown rendered) -> pages written by the site stage.
A later stage makes a new value; it never fills in fields of an old one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import Enum
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sitegen.errors import Problem
from sitegen.text import plain_text

if TYPE_CHECKING:  # the transcript engine is only needed once posts are rendered
    from sitegen.transcript import Transcript


class Kind(Enum):
    """Where a source file came from."""

    POST = "post"
    DRAFT = "draft"
    PAGE = "page"


@dataclass(frozen=True)
class SourceFile:
    """A file the site will read."""

    path: Path
    """Absolute path on disk."""
    rel: str
    """Path relative to the site's source folder, with '/' separators."""
    kind: Kind


@dataclass(frozen=True)
class Post:
    """A post (or draft) with its front matter read and its place in the site decided."""

    source: SourceFile
    meta: dict[str, Any]
    body: str
    body_line: int
    title: str
    date: dt.datetime
    slug: str
    url: str
    """Site-relative URL without the baseurl, always starting with '/'."""
    output: str
    """Output file path relative to the destination."""
    lang: str
    layout: str
    tags: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    published: bool = True
    problems: tuple[Problem, ...] = field(default=())

    @property
    def is_draft(self) -> bool:
        return self.source.kind is Kind.DRAFT or not self.published


@dataclass(frozen=True)
class RenderedTurn:
    """A speaker turn with its HTML."""

    speaker: str
    role: str
    anchor: str
    line: int
    html: str

    @cached_property
    def text(self) -> str:
        """Plain text of the turn (for excerpts, search and structured data), made when
        first asked for: a build without the search index needs only the questions'."""
        return plain_text(self.html)


@dataclass(frozen=True)
class RenderedExchange:
    """One question and its answers, rendered."""

    number: int
    turns: tuple[RenderedTurn, ...]
    variant_group: int | None = None
    variant_index: int = 0
    variant_count: int = 1


@dataclass(frozen=True)
class RenderedPost:
    """A post whose body has been split and rendered to HTML."""

    post: Post
    transcript: Transcript
    preamble_html: str
    exchanges: tuple[RenderedExchange, ...]
    epilogue_html: str
    content_html: str
    """The whole body as one HTML fragment (used by the feed)."""
    excerpt: str
    """Plain-text excerpt: the first question of a transcript, else the first paragraph."""
    uses_math: bool
    problems: tuple[Problem, ...] = field(default=())
