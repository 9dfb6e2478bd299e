"""Jekyll permalinks: a pattern and a post's fields -> a URL and an output file path.

Placeholders and named styles follow Jekyll: ``/:title`` gives the URL ``/slug`` written
to ``slug.html`` (GitHub Pages serves it without the extension); a URL ending in ``/``
is written to ``index.html`` inside that folder.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Mapping
from urllib.parse import quote, unquote

STYLES: Mapping[str, str] = {
    "date": "/:categories/:year/:month/:day/:title:output_ext",
    "pretty": "/:categories/:year/:month/:day/:title/",
    "ordinal": "/:categories/:year/:y_day/:title:output_ext",
    "weekdate": "/:categories/:year/W:week/:short_day/:title:output_ext",
    "none": "/:categories/:title:output_ext",
}
_PLACEHOLDER = re.compile(r":(output_ext|short_year|categories|i_month|y_day|short_day|"
                          r"i_day|minute|second|title|month|hour|year|week|slug|lang|day)")


class PermalinkError(ValueError):
    """A permalink that cannot be turned into a safe output path."""


def expand(pattern: str, *, date: dt.datetime, title: str, slug: str,
           categories: tuple[str, ...], lang: str) -> str:
    """The URL (unescaped, starting with '/') for a post."""
    pattern = STYLES.get(pattern, pattern)
    values = {
        "year": f"{date.year:04d}", "month": f"{date.month:02d}", "day": f"{date.day:02d}",
        "i_month": str(date.month), "i_day": str(date.day), "short_year": f"{date.year % 100:02d}",
        "hour": f"{date.hour:02d}", "minute": f"{date.minute:02d}", "second": f"{date.second:02d}",
        "y_day": f"{date.timetuple().tm_yday:03d}", "week": f"{date.isocalendar()[1]:02d}",
        "short_day": date.strftime("%a"), "title": title, "slug": slug,
        "categories": "/".join(slugify(c) for c in categories), "lang": lang,
        "output_ext": ".html",
    }
    url = _PLACEHOLDER.sub(lambda m: values[m.group(1)], pattern)
    return _normalize(url)


def _normalize(url: str) -> str:
    trailing = url.endswith("/")
    parts = [p for p in url.split("/") if p]
    url = "/" + "/".join(parts)
    return url + "/" if trailing and parts else url


def output_path(url: str) -> str:
    """The file, relative to the destination, that serves `url`; raise if it escapes."""
    if url.endswith("/"):
        rel = url.strip("/") + "/index.html" if url.strip("/") else "index.html"
    elif url.endswith((".html", ".htm")):
        rel = url.lstrip("/")
    else:
        rel = url.lstrip("/") + ".html"
    check_safe(rel)
    return rel


_WINDOWS_RESERVED = re.compile(r"^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$", re.IGNORECASE)


def check_safe(rel: str) -> None:
    """Raise PermalinkError when an output path would leave the destination."""
    if "\\" in rel or re.match(r"^[A-Za-z]:", rel) or rel.startswith("/"):
        raise PermalinkError(f"output path '{rel}' is absolute or uses backslashes")
    for part in rel.split("/"):
        if unquote(part) in ("", ".", ".."):
            raise PermalinkError(f"output path '{rel}' leaves the site folder")
        if any(ord(ch) < 32 for ch in part):
            raise PermalinkError(f"output path '{rel}' contains control characters")
        if _WINDOWS_RESERVED.match(part):
            raise PermalinkError(f"output path '{rel}' uses a name reserved on Windows")


def escape(url: str) -> str:
    """Percent-escape a URL path the way browsers send it (keeps '/', Unicode encoded)."""
    return quote(url, safe="/:@!$&'()*+,;=-._~")


def slugify(text: str) -> str:
    """A readable URL slug: lower case, Unicode letters kept, runs of others as '-'."""
    text = unicodedata.normalize("NFKC", text).lower()
    slug = re.sub(r"[^\w]+", "-", text, flags=re.UNICODE).strip("-_")
    return slug or "post"


def unescape(url: str) -> str:
    """The inverse of `escape`."""
    return unquote(url)
