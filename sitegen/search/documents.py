"""Search records as the small HTML documents Pagefind indexes, one per record.

Each document carries what a result shows as Pagefind *meta* (``title``, ``link`` to the
turn, ``speaker``, ``role``, ``question``, ``date``) and what a search can be narrowed by
as Pagefind *filters* (``role``, ``speaker``, ``tag``); only the record's own text is in
the ``data-pagefind-body``, so a title or a question never matches in the wrong record.
Records are grouped into one Pagefind bundle per language, each with its own word
splitting and stemming. Pure.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from html import escape

from sitegen.search.records import SearchPost, SearchRecord


@dataclass(frozen=True)
class Document:
    """One record as an HTML file for Pagefind."""

    name: str
    """File name, stable for a given link (so unchanged records keep their index files)."""
    html: str


def bundles(posts: Iterable[SearchPost]) -> dict[str, list[Document]]:
    """The documents of every post by bundle: the post's language tag in lower case."""
    found: dict[str, list[Document]] = {}
    for post in posts:
        found.setdefault(post.lang.lower(), []).extend(document(post, r) for r in post.records)
    return found


def link(post: SearchPost, record: SearchRecord) -> str:
    """Where a result leads: the post, at the record's turn."""
    return f"{post.url}#{record.anchor}" if record.anchor else post.url


def document(post: SearchPost, record: SearchRecord) -> Document:
    """The HTML Pagefind reads for one record."""
    target = link(post, record)
    meta = {"title": post.title, "link": target, "speaker": record.speaker,
            "role": record.role, "question": record.question, "date": post.date}
    filters = [("role", record.role), ("speaker", record.speaker),
               *(("tag", tag) for tag in post.tags)]
    lang = post.lang.split("-")[0].lower() or "en"
    html = "".join((
        f'<!DOCTYPE html><html lang="{escape(lang)}"><head><meta charset="utf-8">',
        f"<title>{escape(post.title)}</title></head><body>\n", _meta(meta),
        *(_tagged("data-pagefind-filter", key, value) for key, value in filters if value),
        f"<main data-pagefind-body>{escape(record.text)}</main>\n</body></html>\n",
    ))
    name = hashlib.blake2b(target.encode("utf-8"), digest_size=10).hexdigest()
    return Document(f"{name}.html", html)


def _meta(meta: Mapping[str, str]) -> str:
    return "".join(_tagged("data-pagefind-meta", key, value)
                   for key, value in meta.items() if value)


def _tagged(attribute: str, key: str, value: str) -> str:
    return f'<p {attribute}="{key}">{escape(value)}</p>\n'
