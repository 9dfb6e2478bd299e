"""Small pure helpers for drawing posts: speaker colours and initials, text of HTML.

Used by the views; nothing here knows about posts or templates.
"""

from __future__ import annotations

import html
import re

PALETTE_SIZE = 6
"""Speakers without a colour of their own take palette colour ``index % 6`` (site.css)."""

_HEX = re.compile(r"#(?:[0-9a-fA-F]{3}){1,2}")
_CSS_COLOR = re.compile(r"[a-zA-Z]{3,30}|(?:rgb|hsl|oklch|oklab|lab|lch)a?\([-0-9.,%/ a-z]{1,60}\)")
_FIRST_TEXT = re.compile(r"<(p|h[1-6]|li)\b[^>]*>(.*?)</\1>", re.DOTALL)
_TAG = re.compile(r"<[^>]*>")
_TABLE_OPEN = re.compile(r"<table\b", re.IGNORECASE)
_TABLE_CLOSE = re.compile(r"</table\s*>", re.IGNORECASE)


def css_color(value: str) -> str:
    """A speaker's colour if it is a plain CSS colour, else "" (never raw CSS)."""
    value = value.strip()
    return value if _HEX.fullmatch(value) or _CSS_COLOR.fullmatch(value) else ""


def ink_for(color: str) -> str:
    """Black or white, whichever reads better on a hex colour (white for other colours)."""
    if not _HEX.fullmatch(color):
        return "#fff"
    digits = color[1:] if len(color) == 7 else "".join(c * 2 for c in color[1:])
    channels = [int(digits[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return "#000" if (luminance + 0.05) / 0.05 > 1.05 / (luminance + 0.05) else "#fff"


def initials(name: str) -> str:
    """One or two letters standing for a speaker in an avatar circle."""
    words = [w for w in name.replace("-", " ").split() if w[:1].isalnum()]
    if not words:
        return name[:1] or "?"
    if len(words) == 1:
        return words[0][:2] if not words[0][:1].isascii() else words[0][:1].upper()
    return (words[0][:1] + words[1][:1]).upper()


def wrap_tables(fragment: str) -> str:
    """Put every table in a focusable box that scrolls sideways on narrow screens."""
    if "<table" not in fragment.lower():
        return fragment
    opened = _TABLE_OPEN.sub('<div class="table-scroll" tabindex="0"><table', fragment)
    return _TABLE_CLOSE.sub("</table></div>", opened)


def first_paragraph(fragment: str) -> str:
    """Plain text of the first paragraph, heading or list item ("" when there is none)."""
    first = _FIRST_TEXT.search(fragment)
    return html.unescape(" ".join(_TAG.sub("", first.group(2)).split())) if first else ""


def shorten(text: str, limit: int) -> str:
    """Text cut at a word boundary to at most ``limit`` characters, with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut[limit // 2:]:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:.") + "…"


def words(text: str, limit: int) -> str:
    """The first ``limit`` words of a text, with an ellipsis when some were left out."""
    found = text.split()
    return " ".join(found[:limit]) + (" …" if len(found) > limit else "")
