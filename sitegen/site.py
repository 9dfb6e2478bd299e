"""Whole-site decisions: which pages exist, at which path, with which template and context.

Input: the views of every post, newest first. Output: ``Page`` values that the template
stage renders. Index pages are paginated; tags, categories, their indexes, the archive,
the feed, the sitemap, ``robots.txt`` and the 404 page are pages like any other.

Every page's context has ``url`` (site-relative, without the baseurl), ``lang``, ``dir``,
``ui`` (the theme's words in that language) and ``translations`` (other language
versions; empty until a multilingual site fills it), besides its own variables.

A multilingual site (``languages:`` in _config.yml, or posts in language folders) also has
a home page and a feed per language at ``/<code>/`` and ``/<code>/feed.xml`` listing only
that language's posts. When the site lists its languages, the default language's home is
``/`` (and the main feed its feed); otherwise ``/`` lists every post, as Jekyll's would.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from sitegen import languages, permalinks, ui
from sitegen.config import SiteConfig
from sitegen.languages import Language
from sitegen.views import PostView, TagView, TranslationView, text_direction

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
    dir: str = "ltr"
    """Text direction of the site's language."""
    ui: Mapping[str, str] = field(default_factory=lambda: ui.ENGLISH)
    """The theme's words in the site's language."""
    languages: tuple[TranslationView, ...] = ()
    """The home page of each language of a multilingual site (empty for one language)."""
    pages: tuple[PostView, ...] = ()
    """The site's pages (``about.md``, ``notes/...``): in the sitemap, never in post lists."""


@dataclass(frozen=True)
class Page:
    """One output file rendered from a template."""

    output: str
    template: str
    context: Mapping[str, Any] = field(default_factory=dict)
    source: str = ""
    """The source file the page comes from, for error messages."""


def make_site_view(config: SiteConfig, posts: Sequence[PostView],
                   pages: Sequence[PostView] = ()) -> SiteView:
    """The site-wide view; `posts` must already be sorted newest first."""
    return SiteView(
        title=config.title, description=config.description, author=config.author,
        url=config.url, baseurl=config.baseurl, lang=config.lang, posts=tuple(posts),
        tags=_group(posts, "tags"), categories=_group(posts, "categories"),
        config=config.raw, updated=max((p.date for p in posts), default=None),
        dir=text_direction(config.lang), ui=ui.strings(config.lang),
        languages=tuple(_home_view(lang, url, config.title) for lang, url in _homes(config)),
        pages=tuple(pages),
    )


def _homes(config: SiteConfig) -> list[tuple[Language, str]]:
    """Each language of a multilingual site with the URL of its home page."""
    site_languages = config.languages
    if not site_languages.multilingual:
        return []
    return [(lang, "/" if site_languages.configured and lang == site_languages.default
             else f"/{lang.code}/") for lang in site_languages.items]


def _home_view(lang: Language, url: str, title: str) -> TranslationView:
    return TranslationView(lang=lang.tag, url=permalinks.escape(url), title=title,
                           name=lang.name, dir=lang.dir)


def _group(posts: Sequence[PostView], attr: str) -> Groups:
    groups: dict[str, tuple[TagView, list[PostView]]] = {}
    for post in posts:
        for tag in getattr(post, attr):
            groups.setdefault(tag.url, (tag, []))[1].append(post)
    ordered = sorted(groups.values(), key=lambda g: (g[0].name.casefold(), g[0].url))
    return tuple((tag, tuple(members)) for tag, members in ordered)


def plan(site: SiteView, config: SiteConfig) -> list[Page]:
    """Every page of the site but the posts' and pages' own (each rendered on its own, by
    ``post_page``), in a deterministic order."""
    pages: list[Page] = []
    home = _root_home(site, config)
    homes = _index_pages(home, "", max(config.paginate, 1))
    pages += _local(homes, home, translations=_others(site, "/")) if home is not site else homes
    pages += _language_pages(site, config)
    pages += _group_pages(site, site.tags, "tags")
    pages += _group_pages(site, site.categories, "categories")
    pages.append(_page(site, "/archive/", "archive.html", years=_years(site.posts)))
    pages += [
        *_local([_page(home, "/feed.xml", "feed.xml", posts=home.posts[: config.feed_limit])],
                home),
        _page(site, "/sitemap.xml", "sitemap.xml", posts=site.posts,
              entries=_sitemap_entries((*site.posts, *site.pages), pages)),
        _page(site, "/robots.txt", "robots.txt"),
        _page(site, "/404.html", "404.html"),
    ]
    if config.raw.get("search", True) is not False:  # the search page (js/search.js)
        pages.append(_page(site, "/search/", "search.html"))
    return pages


def _root_home(site: SiteView, config: SiteConfig) -> SiteView:
    """What ``/`` lists: the default language's posts when the site lists its languages."""
    if config.languages.configured and config.languages.multilingual:
        return _in_language(site, config.languages.default)
    return site


def _in_language(site: SiteView, lang: Language) -> SiteView:
    posts = tuple(p for p in site.posts if p.lang == lang.code)
    return replace(site, posts=posts, lang=lang.tag, dir=lang.dir, ui=ui.strings(lang.code),
                   updated=max((p.date for p in posts), default=None))


def _local(pages: list[Page], site: SiteView, **context: Any) -> list[Page]:
    """Pages of one language: their ``site`` is that language's (without the post lists)."""
    bare = replace(site, posts=(), tags=(), categories=())
    return [replace(page, context={**page.context, "site": bare, **context}) for page in pages]


def _language_pages(site: SiteView, config: SiteConfig) -> list[Page]:
    """A home page (paginated) and a feed per language, besides the root's."""
    pages = []
    for lang, url in _homes(config):
        if url != "/":
            local = _in_language(site, lang)
            pages += _local(_index_pages(local, url.rstrip("/"), max(config.paginate, 1)),
                            local, translations=_others(site, url))
            pages += _local([_page(local, f"{url}feed.xml", "feed.xml", home_url=url,
                                   posts=local.posts[: config.feed_limit])], local)
    return pages


def _others(site: SiteView, url: str) -> tuple[TranslationView, ...]:
    """The home pages of the other languages."""
    return tuple(home for home in site.languages if home.url != permalinks.escape(url))


def _page(site: SiteView, url: str, template: str, **context: Any) -> Page:
    """A site page (not a post) in the site's language."""
    common = {"url": url, "lang": site.lang, "dir": site.dir, "ui": site.ui,
              "translations": ()}
    path = permalinks.unescape(url)
    output = permalinks.output_path(path) if path.endswith("/") else path.lstrip("/")
    return Page(output, template, {**common, **context})


def post_page(post: PostView, layouts: frozenset[str]) -> Page:
    template = f"{post.layout}.html" if f"{post.layout}.html" in layouts else "post.html"
    output = permalinks.output_path(permalinks.unescape(post.url))
    context = {"page": post, "url": post.url, "lang": languages.language(post.lang).tag,
               "dir": post.dir,
               "ui": ui.strings(post.lang), "translations": post.translations}
    return Page(output, template, context, source=post.source)


def _index_pages(site: SiteView, prefix: str, per_page: int) -> list[Page]:
    posts = site.posts
    chunks = [posts[i : i + per_page] for i in range(0, len(posts), per_page)] or [()]
    pages = []
    for number, chunk in enumerate(chunks, start=1):
        paginator = {
            "page": number, "total_pages": len(chunks), "posts": tuple(chunk),
            "total_posts": len(posts),
            "previous_url": _index_url(prefix, number - 1) if number > 1 else None,
            "next_url": _index_url(prefix, number + 1) if number < len(chunks) else None,
        }
        pages.append(_page(site, _index_url(prefix, number), "index.html", paginator=paginator))
    return pages


def _index_url(prefix: str, number: int) -> str:
    return f"{prefix}/" if number == 1 else f"{prefix}/page/{number}/"


def _group_pages(site: SiteView, groups: Groups, kind: str) -> list[Page]:
    """A page per tag (or category), and an index of them: always for tags (every page
    links to it), for categories when there are any."""
    pages = [_page(site, tag.url, "tag.html", tag=tag, posts=posts, kind=kind)
             for tag, posts in groups]
    if groups or kind == "tags":
        pages.append(_page(site, f"/{kind}/", "tags.html", groups=groups, kind=kind))
    return pages


def _years(posts: Sequence[PostView]) -> tuple[tuple[int, tuple[PostView, ...]], ...]:
    years: dict[int, list[PostView]] = {}
    for post in posts:
        years.setdefault(post.date.year, []).append(post)
    return tuple((year, tuple(items)) for year, items in sorted(years.items(), reverse=True))


def _sitemap_entries(posts: Sequence[PostView],
                     pages: Sequence[Page]) -> tuple[tuple[str, dt.datetime | None], ...]:
    """(URL, last modified or None) of every HTML page worth indexing: the posts and pages
    that are not drafts, then the listing pages (not the 404)."""
    entries: list[tuple[str, dt.datetime | None]] = [
        (post.url, post.date) for post in posts if not post.is_draft]
    entries += [(page.context["url"], None) for page in pages if page.output.endswith(".html")]
    return tuple(entries)
