"""Whole-site decisions: which pages exist, at which path, with which template and context.

Input: the views of every post, newest first. Output: ``Page`` values that the template
stage renders. Index pages are paginated; tags, categories, the archive, the feed, the
sitemap, ``robots.txt`` and the 404 page are pages like any other.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sitegen import permalinks
from sitegen.config import SiteConfig
from sitegen.views import PostView, TagView

Groups = tuple[tuple[TagView, tuple[PostView, ...]], ...]
"""Tags (or categories) with their posts, sorted by name."""


@dataclass(frozen=True)
class SiteView:
    """The ``site`` variable of every template."""

    title: str
    description: str
    author: str
    url: str
    baseurl: str
    lang: str
    posts: tuple[PostView, ...]
    tags: Groups
    categories: Groups
    config: Mapping[str, Any]
    updated: dt.datetime | None
    """Date of the newest post (the feed's <updated>), None for an empty site."""


@dataclass(frozen=True)
class Page:
    """One output file rendered from a template."""

    output: str
    template: str
    context: Mapping[str, Any] = field(default_factory=dict)
    source: str = ""
    """The source file the page comes from, for error messages."""


def make_site_view(config: SiteConfig, posts: Sequence[PostView]) -> SiteView:
    """The site-wide view; `posts` must already be sorted newest first."""
    return SiteView(
        title=config.title, description=config.description, author=config.author,
        url=config.url, baseurl=config.baseurl, lang=config.lang, posts=tuple(posts),
        tags=_group(posts, "tags"), categories=_group(posts, "categories"),
        config=config.raw, updated=max((p.date for p in posts), default=None),
    )


def _group(posts: Sequence[PostView], attr: str) -> Groups:
    groups: dict[str, tuple[TagView, list[PostView]]] = {}
    for post in posts:
        for tag in getattr(post, attr):
            groups.setdefault(tag.url, (tag, []))[1].append(post)
    ordered = sorted(groups.values(), key=lambda g: (g[0].name.casefold(), g[0].url))
    return tuple((tag, tuple(members)) for tag, members in ordered)


def plan(site: SiteView, config: SiteConfig, layouts: frozenset[str]) -> list[Page]:
    """Every page of the site, in a deterministic order."""
    pages = [_post_page(p, layouts) for p in site.posts]
    pages += _index_pages(site.posts, "", max(config.paginate, 1))
    pages += _tag_pages(site.tags, "tag.html", "tags")
    pages += _tag_pages(site.categories, "tag.html", "categories")
    pages += [
        Page("archive/index.html", "archive.html", {"years": _years(site.posts)}),
        Page("feed.xml", "feed.xml", {"posts": site.posts[: config.feed_limit]}),
        Page("sitemap.xml", "sitemap.xml", {"posts": site.posts}),
        Page("robots.txt", "robots.txt"),
        Page("404.html", "404.html"),
    ]
    return pages


def _post_page(post: PostView, layouts: frozenset[str]) -> Page:
    template = f"{post.layout}.html" if f"{post.layout}.html" in layouts else "post.html"
    output = permalinks.output_path(permalinks.unescape(post.url))
    return Page(output, template, {"page": post}, source=post.source)


def _index_pages(posts: Sequence[PostView], prefix: str, per_page: int) -> list[Page]:
    chunks = [posts[i : i + per_page] for i in range(0, len(posts), per_page)] or [()]
    pages = []
    for number, chunk in enumerate(chunks, start=1):
        paginator = {
            "page": number, "total_pages": len(chunks), "posts": tuple(chunk),
            "total_posts": len(posts),
            "previous_url": _index_url(prefix, number - 1) if number > 1 else None,
            "next_url": _index_url(prefix, number + 1) if number < len(chunks) else None,
        }
        output = permalinks.output_path(_index_url(prefix, number))
        pages.append(Page(output, "index.html", {"paginator": paginator}))
    return pages


def _index_url(prefix: str, number: int) -> str:
    return f"{prefix}/" if number == 1 else f"{prefix}/page/{number}/"


def _tag_pages(groups: Groups, template: str, kind: str) -> list[Page]:
    return [Page(permalinks.output_path(tag.url), template,
                 {"tag": tag, "posts": posts, "kind": kind}) for tag, posts in groups]


def _years(posts: Sequence[PostView]) -> tuple[tuple[int, tuple[PostView, ...]], ...]:
    years: dict[int, list[PostView]] = {}
    for post in posts:
        years.setdefault(post.date.year, []).append(post)
    return tuple((year, tuple(items)) for year, items in sorted(years.items(), reverse=True))
