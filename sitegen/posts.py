"""A source file -> a ``Post``: front matter read, defaults applied, date, slug and URL.

Pages (``Kind.PAGE``) get the URL Jekyll gives pages: ``/:path/:basename`` with the ending
of the site's permalink style (``/notes/x`` for ``/:title``, ``/notes/x.html`` for ``date``,
``/notes/x/`` for ``pretty``), ``/:path/`` for ``index.md``, or their ``permalink:``.

Dates come from the file name, overridden by ``date:`` in the front matter (with or
without time and zone); naive times are in the site's ``timezone``. Drafts without a
date in their name are dated by their modification time, as in Jekyll.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import os
import re
from collections.abc import Mapping
from pathlib import PurePosixPath
from typing import Any

from sitegen import permalinks
from sitegen.config import SiteConfig
from sitegen.errors import Problem, SitegenError, error
from sitegen.frontmatter import FrontMatterError, decode, split
from sitegen.model import Kind, Post, SourceFile
from sitegen.sources import MARKDOWN_EXTENSIONS, POST_NAME

HTML_EXTENSIONS = (".html", ".htm", ".xhtml")
PAGE_EXTENSIONS = MARKDOWN_EXTENSIONS + HTML_EXTENSIONS
_SUFFIX_STYLES = {"pretty": "/", "simple": "/", "date": ":output_ext", "ordinal": ":output_ext",
                  "none": ":output_ext"}
_DATE_FORMATS = ("%Y-%m-%d %H:%M:%S %z", "%Y-%m-%d %H:%M %z", "%Y-%m-%d %H:%M:%S",
                 "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d")
_LANG_SUFFIX = re.compile(r"-(?P<lang>[a-z]{2,3}|hant|hans)$")
COMMON_SUFFIXES = frozenset({"en", "zh", "cn", "hant", "hans", "ja", "ko", "fr", "es", "de",
                             "ru", "pt", "ar", "fa", "he", "tr", "vi"})
"""Name suffixes read as languages even when the site does not list its languages."""


def read_post(source: SourceFile, config: SiteConfig, data: bytes | None = None) -> Post:
    """Read and interpret one post (or page), from `data` when the caller has read the
    file already; raise FrontMatterError/SitegenError if unusable."""
    data = source.path.read_bytes() if data is None else data
    if source.kind is Kind.PAGE:
        return _read_page(source, config, data)
    text = decode(data, source.rel)
    doc = split(text, source.rel)
    meta = apply_defaults(doc.meta, source, config)
    problems = list(doc.problems)
    date = date_of(meta, source, config, problems)
    slug = str(meta.get("slug") or _name_slug(source))
    lang = language_of(meta, source, config)
    categories = words(meta.get("categories", meta.get("category")))
    url = _url(meta, source, config, date=date, slug=slug, lang=lang, categories=categories)
    return Post(
        source=source, meta=meta, body=doc.body, body_line=doc.body_line,
        title=title_of(meta, slug), date=date, slug=slug, url=url,
        output=permalinks.output_path(url), lang=lang, layout=str(meta.get("layout") or "post"),
        tags=words(meta.get("tags", meta.get("tag"))), categories=categories,
        published=meta.get("published", True) is not False, problems=tuple(problems),
    )


def _read_page(source: SourceFile, config: SiteConfig, data: bytes) -> Post:
    """Read one page; raises as ``read_post`` does when it cannot be used."""
    doc = split(decode(data, source.rel), source.rel)
    meta = apply_defaults(doc.meta, source, config)
    problems = list(doc.problems)
    stem = PurePosixPath(source.rel).stem
    date = date_of(meta, source, config, problems)
    url = page_url(source.rel, meta, config)
    return Post(
        source=source, meta=meta, body=doc.body, body_line=doc.body_line,
        title=title_of(meta, stem), date=date, slug=stem, url=url,
        output=permalinks.output_path(url), lang=language_of(meta, source, config),
        layout=str(meta.get("layout") or "page"),
        tags=words(meta.get("tags", meta.get("tag"))),
        categories=words(meta.get("categories", meta.get("category"))),
        published=meta.get("published", True) is not False, problems=tuple(problems),
    )


def page_url(rel: str, meta: Mapping[str, object], config: SiteConfig) -> str:
    """The URL Jekyll gives a page (unescaped, starting with '/')."""
    folder, _, name = rel.rpartition("/")
    basename, _, ext = name.rpartition(".") if "." in name else (name, "", "")
    html = f".{ext.lower()}" in PAGE_EXTENSIONS
    output_ext = ".html" if html else f".{ext}" if ext else ""
    pattern = str(meta.get("permalink") or _page_template(basename, html, config.permalink))
    values = {":path": folder, ":basename": basename, ":title": basename,
              ":output_ext": output_ext}
    for placeholder in sorted(values, key=len, reverse=True):
        pattern = pattern.replace(placeholder, values[placeholder])
    trailing = pattern.endswith("/")
    url = "/" + "/".join(p for p in pattern.split("/") if p and p != ".")
    return url + "/" if trailing and url != "/" else url


def _page_template(basename: str, html: bool, permalink: str) -> str:
    if not html:
        return "/:path/:basename:output_ext"
    if basename == "index":
        return "/:path/"
    suffix = _SUFFIX_STYLES.get(permalink)
    if suffix is None:
        suffix = "/" if permalink.endswith("/") else ""
        suffix += ":output_ext" if permalink.endswith(":output_ext") else ""
    return "/:path/:basename" + suffix


def read_or_problem(source: SourceFile, config: SiteConfig,
                    data: bytes | None = None) -> Post | Problem:
    """`read_post`, with any reason it fails turned into a Problem."""
    try:
        return read_post(source, config, data)
    except FrontMatterError as exc:
        return exc.problem
    except permalinks.PermalinkError as exc:
        return error(source.rel, None, str(exc), "change the permalink or slug")
    except SitegenError as exc:
        return exc.problem or error(source.rel, None, exc.message)
    except OSError as exc:
        return error(source.rel, None, f"cannot read file: {exc.strerror}")


def apply_defaults(meta: dict[str, Any], source: SourceFile, config: SiteConfig) -> dict[str, Any]:
    """Front matter over ``defaults`` whose scope matches the file, later scopes winning."""
    merged: dict[str, Any] = {}
    for default in config.defaults:
        scope = default.get("scope") or {}
        values = default.get("values")
        if isinstance(values, Mapping) and _in_scope(scope, source):
            merged.update(values)
    merged.update(meta)
    return merged


def _in_scope(scope: Mapping[str, Any], source: SourceFile) -> bool:
    path = str(scope.get("path") or "").strip("/")
    kind = scope.get("type")
    kinds = {Kind.POST: "posts", Kind.DRAFT: "drafts", Kind.PAGE: "pages"}
    if kind and kind != kinds[source.kind] and not (kind == "posts" and source.kind is Kind.DRAFT):
        return False
    if not path:
        return True
    if "*" in path:
        return fnmatch.fnmatchcase(source.rel, path) or fnmatch.fnmatchcase(source.rel, path + "/*")
    return source.rel == path or source.rel.startswith(path + "/")


def _name_slug(source: SourceFile) -> str:
    match = POST_NAME.match(source.path.name)
    return match["slug"] if match else source.path.stem


def date_of(meta: dict[str, Any], source: SourceFile, config: SiteConfig,
            problems: list[Problem]) -> dt.datetime:
    """``date:``, else the date in the file name, else the file's modification time."""
    value = meta.get("date")
    if value is not None:
        parsed = parse_date(value, config.tz)
        if parsed is not None:
            return parsed
        problems.append(error(source.rel, _meta_line(source, "date"),
                              f"cannot read date '{value}'", "write YYYY-MM-DD HH:MM:SS +ZZZZ"))
    match = POST_NAME.match(source.path.name)
    if match:
        named = parse_date(match["date"], config.tz)
        if named is not None:
            return named
        problems.append(error(source.rel, None,
                              f"the date '{match['date']}' in the file name is not a date"))
    return dt.datetime.fromtimestamp(file_time(source), config.tz)


def file_time(source: SourceFile) -> int:
    """The file's modification time, clamped to SOURCE_DATE_EPOCH when that is set, as
    reproducible builds do: a fresh checkout then builds the same pages."""
    mtime = int(source.path.stat().st_mtime)
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    return min(mtime, int(epoch)) if epoch.isdigit() else mtime


def parse_date(value: Any, tz: dt.tzinfo) -> dt.datetime | None:
    """A front matter date (YAML date, datetime or string) as an aware datetime."""
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=tz)
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day, tzinfo=tz)
    text = str(value).strip()
    for fmt in _DATE_FORMATS:
        try:
            parsed = dt.datetime.strptime(text, fmt)
        except ValueError:
            continue
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=tz)
    return None


def _meta_line(source: SourceFile, key: str) -> int | None:
    try:
        lines = source.path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    for number, line in enumerate(lines[1:], start=2):
        if line.startswith(f"{key}:"):
            return number
        if line.strip() in ("---", "..."):
            break
    return None


def language_of(meta: dict[str, Any], source: SourceFile, config: SiteConfig) -> str:
    """``lang:``, else a language folder in the path, else a ``-<code>`` name suffix."""
    languages = config.languages
    if meta.get("lang"):
        return languages.resolve(str(meta["lang"]))
    for folder in source.rel.split("/")[:-1]:
        if folder in languages.codes:
            return folder
    suffix = lang_suffix(_name_slug(source), config)
    return languages.resolve(suffix) if suffix else languages.default.code


def lang_suffix(slug: str, config: SiteConfig) -> str:
    """The ``-<code>`` at the end of a slug if it names a language of the site, else ''.

    A site that does not configure ``languages:`` also has the suffixes blogs commonly use
    (``-en``, ``-zh``, ``-cn``, ...); two-letter English words (``-it``, ``-no``) never count.
    """
    match = _LANG_SUFFIX.search(slug)
    if not match:
        return ""
    code = match["lang"]
    if config.languages.resolve(code) in config.languages.codes:
        return code
    return code if not config.languages.configured and code in COMMON_SUFFIXES else ""


def title_of(meta: dict[str, Any], slug: str) -> str:
    """``title:``, else the slug in words."""
    title = meta.get("title")
    if title is None or title == "":
        return " ".join(w.capitalize() for w in re.split(r"[-_ ]+", slug) if w)
    return str(title)


def words(value: Any) -> tuple[str, ...]:
    """Tags or categories: a list, or a string of words separated by spaces."""
    if value is None:
        return ()
    if isinstance(value, str):
        return tuple(value.split())
    if isinstance(value, list):
        return tuple(str(v) for v in value if v is not None)
    return (str(value),)


def _url(meta: dict[str, Any], source: SourceFile, config: SiteConfig, **fields: Any) -> str:
    pattern = str(meta["permalink"]) if meta.get("permalink") else config.permalink
    return permalinks.expand(pattern, title=str(meta.get("slug") or _name_slug(source)), **fields)


def skip_reason(post: Post, *, future: bool, unpublished: bool, now: dt.datetime) -> str:
    """Why a post (or page) is left out of this build, or '' when it is in.

    Only posts wait for their date, as in Jekyll; drafts and pages never do."""
    if not post.published and not unpublished:
        return "published: false (use --unpublished to include it)"
    if post.date > now and not future and post.source.kind is Kind.POST:
        return f"dated in the future ({post.date:%Y-%m-%d %H:%M}) (use --future to include it)"
    return ""

