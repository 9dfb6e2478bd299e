"""Posts (and pages) that translate each other, grouped; each post's links to the others.

Two posts are translations when their front matter gives the same ``translation_key:``, or
else when they share the date of their file name and their slug without the language
suffix (``2020-03-04-thanks-en.md``, ``zh/2020-03-04-thanks-zh.md``, ``2020-03-04-thanks-cn.md``).
A post dated one day apart from a group with the same slug and no version in its language
joins it too: blogs that translate a post after midnight date the copy a day later.
Pages group by their path without language folders and suffix (``notes/x-en.md``,
``notes/x-zh.md``). Each group has at most one version per language; a second one is left
out of the group with a warning.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from typing import Any, NamedTuple

from sitegen import permalinks
from sitegen.errors import Problem, warning
from sitegen.languages import Languages
from sitegen.model import Kind, Post
from sitegen.sources import POST_NAME
from sitegen.views import PostView, TranslationView

NEIGHBOUR = dt.timedelta(days=1)


class Key(NamedTuple):
    """What translations of one text share (a tuple: made and hashed for every post)."""

    base: str
    """``translation_key:`` as written, or the slug (pages: the path) without language."""
    day: dt.date | None = None
    """The date in the file name (None for explicit keys and pages)."""


Groups = Mapping[str, tuple[Post, ...]]
"""Source path -> every version of that text (itself included), in the site's language order."""


def translation_key(post: Post, languages: Languages) -> Key:
    """The key a post shares with its translations."""
    explicit = post.meta.get("translation_key")
    if explicit not in (None, ""):
        return Key(f"key:{explicit}")
    if post.source.kind is Kind.PAGE:
        return Key(f"page:{_page_base(post, languages)}")
    match = POST_NAME.match(post.source.path.name)
    day = dt.date.fromisoformat(_iso(match["date"])) if match else post.date.date()
    return Key(f"post:{base_slug(post.slug, post.lang, languages)}", day)


def _iso(date: str) -> str:
    year, month, day = date.split("-")
    return f"{year}-{int(month):02d}-{int(day):02d}"


def base_slug(slug: str, lang: str, languages: Languages) -> str:
    """The slug without a ``-<code>`` suffix naming the post's own language."""
    head, sep, tail = slug.rpartition("-")
    if sep and head and languages.resolve(tail) == lang:
        return head
    return slug


def _page_base(post: Post, languages: Languages) -> str:
    parts = post.source.rel.split("/")
    folders = [p for p in parts[:-1] if p not in languages.codes]
    stem = parts[-1].rsplit(".", 1)[0]
    return "/".join([*folders, base_slug(stem, post.lang, languages)])


def group_translations(posts: Iterable[Post],
                       languages: Languages) -> tuple[Groups, list[Problem]]:
    """Every post's group of translations (only posts that have some), and any duplicates."""
    by_key: dict[Key, list[Post]] = {}
    for post in sorted(posts, key=lambda p: p.source.rel):
        by_key.setdefault(translation_key(post, languages), []).append(post)
    problems: list[Problem] = []
    groups = [_one_per_language(key, members, problems)
              for key, members in _merge_neighbours(by_key).items()]
    ordered = [tuple(sorted(g, key=lambda p: (languages.order(p.lang), p.lang))) for g in groups]
    return {p.source.rel: group for group in ordered if len(group) > 1 for p in group}, problems


def _merge_neighbours(by_key: dict[Key, list[Post]]) -> dict[Key, list[Post]]:
    """Join groups of the same slug dated a day apart whose languages do not overlap."""
    merged: dict[Key, list[Post]] = {}
    for key in sorted(by_key, key=lambda k: (k.base, k.day or dt.date.min)):
        members = by_key[key]
        near = Key(key.base, key.day - NEIGHBOUR) if key.day else None
        if near in merged and not _langs(merged[near]) & _langs(members):
            merged[near] += members
        else:
            merged[key] = list(members)
    return merged


def _langs(posts: Sequence[Post]) -> set[str]:
    return {p.lang for p in posts}


def _one_per_language(key: Key, members: list[Post], problems: list[Problem]) -> list[Post]:
    kept: dict[str, Post] = {}
    for post in members:
        first = kept.setdefault(post.lang, post)
        if first is not post:
            problems.append(warning(
                post.source.rel, None,
                f"{first.source.rel} is already the '{post.lang}' version of this text, "
                f"so this post is not linked to its translations",
                "give one of them another 'lang:' or a 'translation_key:'"))
    return list(kept.values())


def links(posts: Iterable[Post], languages: Languages
          ) -> tuple[dict[str, tuple[TranslationView, ...]], list[Problem]]:
    """Source path -> the other versions of that post or page (for every one that has some).

    The last answer is kept, and given again while the posts' paths, dates, languages,
    slugs, titles and URLs are all as they were (a preview server's builds, where one
    post's text changes at a time)."""
    posts = tuple(posts)
    known = (tuple(map(_what_links_read, posts)), languages)
    if _LAST and _LAST[0] == known:
        views, problems = _LAST[1]
    else:
        groups, problems = group_translations(posts, languages)
        views = translation_views(groups, languages)
        _LAST[:] = [known, (views, problems)]
    return dict(views), list(problems)


_LAST: list[Any] = []
"""The inputs and result of the last `links`."""


def _what_links_read(post: Post) -> tuple[object, ...]:
    return (post.source.rel, post.source.kind, post.meta.get("translation_key"), post.slug,
            post.lang, post.date, post.url, post.title)


def translation_views(groups: Groups,
                      languages: Languages) -> dict[str, tuple[TranslationView, ...]]:
    """Source path -> the other versions of that post, as templates see them."""
    return {rel: tuple(view_of(p, languages) for p in group if p.source.rel != rel)
            for rel, group in groups.items()}


def view_of(post: Post, languages: Languages) -> TranslationView:
    """One version of a text, as a language switcher shows it."""
    language = languages.get(post.lang)
    return TranslationView(lang=language.tag, url=permalinks.escape(post.url), title=post.title,
                           name=language.name, dir=language.dir)


def link(views: Sequence[PostView], groups: Groups, languages: Languages) -> list[PostView]:
    """The views with ``translations`` filled in: the other versions of each post."""
    links = translation_views(groups, languages)
    return [replace(view, translations=links[view.source]) if view.source in links else view
            for view in views]
