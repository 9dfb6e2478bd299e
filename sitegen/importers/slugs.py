"""Readable, unique file names for imported posts.

Titles are transliterated where that is simple (``Café déjà vu`` -> ``cafe-deja-vu``);
letters of other scripts are kept as they are (``机器学习入门``), so a slug is never
empty: a title with no letters at all falls back to the conversation id.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection

MAX_LENGTH = 60
_SIMPLE = str.maketrans({"ß": "ss", "æ": "ae", "Æ": "ae", "ø": "o", "Ø": "o", "ł": "l",
                         "Ł": "l", "đ": "d", "Đ": "d", "þ": "th", "Þ": "th", "œ": "oe",
                         "Œ": "oe", "ı": "i", "&": " and "})
_DATED = re.compile(r"^\d{4}-\d{2}-\d{2}-(.+)$")


def slugify(title: str, fallback: str) -> str:
    """A lower-case slug of letters, digits and hyphens; ``fallback`` when none is left."""
    words = re.findall(r"\w+", _transliterate(title).casefold())
    slug = "-".join(w.replace("_", "-").strip("-") for w in words if w.strip("_"))
    slug = _shorten(re.sub(r"-{2,}", "-", slug).strip("-"))
    return slug or _shorten(re.sub(r"[^a-z0-9]+", "-", fallback.casefold()).strip("-")) \
        or "conversation"


def _transliterate(title: str) -> str:
    """Strip accents from letters that have a plain Latin base; keep other scripts."""
    out = []
    for char in unicodedata.normalize("NFKC", title).translate(_SIMPLE):
        base = unicodedata.normalize("NFKD", char)
        plain = "".join(c for c in base if not unicodedata.combining(c))
        out.append(plain if plain.isascii() and plain else char)
    return "".join(out)


def _shorten(slug: str) -> str:
    if len(slug) <= MAX_LENGTH:
        return slug
    cut = slug[:MAX_LENGTH]
    return cut.rsplit("-", 1)[0] if "-" in cut[MAX_LENGTH // 2:] else cut


def unique(slug: str, taken: Collection[str]) -> str:
    """``slug``, or ``slug-2``, ``slug-3``... whichever is not taken."""
    candidate, n = slug, 1
    while candidate in taken:
        n += 1
        candidate = f"{slug}-{n}"
    return candidate


def slug_of_file(stem: str) -> str:
    """The slug of a post file name: ``2024-05-01-hello`` -> ``hello``."""
    match = _DATED.match(stem)
    return match.group(1) if match else stem
