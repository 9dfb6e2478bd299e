"""Check that every internal link and asset in a built site resolves to a file.

Every ``href``, ``src``, ``srcset`` and ``poster`` in the site's HTML pages is read.
Links to other sites (a scheme such as ``https:`` or ``mailto:``, or ``//host``) are
ignored; fragments and queries are dropped. A path starting with ``/`` must start with
the site's baseurl; a relative path is resolved against the page's URL the way a browser
does (``..`` stops at the top of the domain) and must stay under the baseurl. The result
must be a file of the site the way GitHub Pages serves it: ``/base/x/`` is
``x/index.html``; ``/base/x`` is ``x``, ``x.html`` or ``x/index.html``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from html import unescape
from pathlib import Path
from urllib.parse import quote, unquote, urljoin, urlsplit

from sitegen.errors import Problem, warning

PAGE_SUFFIXES = (".html", ".htm")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


@dataclass(frozen=True)
class Link:
    """A link as written in a page, with the line it is on."""

    url: str
    line: int


# An attribute that holds a URL, in lower or upper case (a literal start keeps the scan
# fast; mixed-case names such as "Href" are not seen).
_ATTRIBUTE = re.compile(
    r"(href|srcset|src|poster|HREF|SRCSET|SRC|POSTER)[ \t\r\n\f]*=[ \t\r\n\f]*"
    r"""(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""")
_BEFORE_NAME = frozenset(" \t\r\n\f\"'")
_QUOTED_VALUE = re.compile(r"""=\s*(?:"[^"]*"|'[^']*')""")
_OPEN_VALUE = re.compile(r"""=\s*["']""")
# Text that is not markup: comments, and the bodies of scripts and style sheets.
_OPAQUE = re.compile(r"<!--.*?-->|<(script|style)\b[^>]*>(.*?)</\1\s*>",
                     re.DOTALL | re.IGNORECASE)


def links_in(html: str) -> list[Link]:
    """Every URL-valued attribute of the start tags of an HTML document, in order.

    A regular-expression scan, several times faster than html.parser: generated pages
    escape ``<``, ``>`` and quotes in text, so an attribute is inside a tag exactly when
    the nearest ``<`` before it is nearer than the nearest ``>``.
    """
    opaque = [m.span(2) if m.group(1) else m.span() for m in _OPAQUE.finditer(html)]
    links: list[Link] = []
    line, counted = 1, 0
    for match in _attributes(html):
        at = match.start()
        if not _in_tag(html, at) or _within(opaque, at):
            continue
        line += html.count("\n", counted, at)
        counted = at
        value = unescape(next(v for v in match.groups()[1:] if v is not None)).strip()
        urls = srcset_urls(value) if match.group(1).lower() == "srcset" else [value]
        links += [Link(url, line) for url in urls]
    return links


CODE_START = '<pre class="highlight" tabindex="0"><code'
CODE_END = "</code></pre>"
"""How the code blocks sitegen highlights begin and end (``markup.highlight.figure``)."""


def content_links(html: str) -> tuple[str, ...]:
    """The URLs of rendered post content, each once, in order. The code blocks sitegen
    highlights are passed over: their text is escaped, so they hold no tag but their
    spans (and they are most of a transcript's bytes)."""
    parts, at = [], 0
    while (start := html.find(CODE_START, at)) >= 0 and (end := html.find(CODE_END, start)) >= 0:
        parts.append(html[at:start])
        at = end + len(CODE_END)
    parts.append(html[at:])
    return tuple(dict.fromkeys(link.url for link in links_in("".join(parts))))


_NAMES = ("href", "src", "poster", "HREF", "SRC", "POSTER")  # "src" finds "srcset" too


def _attributes(html: str) -> Iterator[re.Match[str]]:
    """``_ATTRIBUTE.finditer(html)``, trying the expression only where an attribute name
    starts (found with ``str.find``): a page's text is full of the names' first letters."""
    starts: list[int] = []
    for name in _NAMES:
        at = html.find(name)
        while at >= 0:
            starts.append(at)
            at = html.find(name, at + 1)
    end = 0
    for at in sorted(starts):
        match = _ATTRIBUTE.match(html, at) if at >= end else None
        if match:
            end = match.end()
            yield match


def _in_tag(html: str, at: int) -> bool:
    """Whether `at` starts an attribute name inside a start tag (not inside a value)."""
    if at == 0 or html[at - 1] not in _BEFORE_NAME:
        return False
    start = html.rfind("<", 0, at)
    if start < html.rfind(">", 0, at):
        return False
    return not _OPEN_VALUE.search(_QUOTED_VALUE.sub("", html[start:at]))


def _within(spans: list[tuple[int, int]], at: int) -> bool:
    return any(start <= at < end for start, end in spans)


def srcset_urls(value: str) -> list[str]:
    """The URLs of a ``srcset`` attribute (each candidate is 'URL [descriptor]')."""
    return [part.split()[0] for part in value.split(",") if part.split()]


def site_files(root: Path) -> frozenset[str]:
    """Every file of the built site, by path relative to `root`."""
    return frozenset(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def check_links(root: Path, baseurl: str, site_url: str = "") -> list[Problem]:
    """A warning for every internal link in `root`'s pages that leads to no file.

    `site_url` (e.g. ``https://me.github.io``), when given, makes absolute links to the
    site itself count as internal too.
    """
    files = site_files(root)
    problems: list[Problem] = []
    for page in sorted(f for f in files if f.endswith(PAGE_SUFFIXES)):
        html = (root / page).read_text(encoding="utf-8", errors="replace")
        problems += check_page(page, html, files, _base(baseurl), site_url.rstrip("/"))
    return problems


def check_site(pages: Mapping[str, bytes], files: Iterable[str], baseurl: str,
               site_url: str = "") -> list[Problem]:
    """`check_links` for a site still in memory: its pages' bytes and every output path."""
    known = frozenset(files) | frozenset(pages)
    problems: list[Problem] = []
    for page in sorted(p for p in pages if p.endswith(PAGE_SUFFIXES)):
        html = pages[page].decode("utf-8", errors="replace")
        problems += check_page(page, html, known, _base(baseurl), site_url.rstrip("/"))
    return problems


def _base(baseurl: str) -> str:
    return "/" + baseurl.strip("/") if baseurl.strip("/") else ""


def check_page(page: str, html: str, files: frozenset[str], base: str,
               site_url: str = "") -> list[Problem]:
    """Problems for the broken internal links of one page (each link reported once)."""
    problems, seen = [], set()
    for link in links_in(html):
        if link.url in seen:
            continue
        seen.add(link.url)
        why = broken(link.url, page, files, base, site_url)
        if why:
            problems.append(warning(page, link.line, f"broken link to {link.url}", why))
    return problems


def broken(url: str, page: str, files: frozenset[str], base: str, site_url: str = "") -> str:
    """Why an internal link leads nowhere, or '' when it is fine or not internal."""
    if site_url and (url == site_url or url.startswith(site_url + "/")):
        url = url[len(site_url):] or "/"
    raw = _internal_path(url)
    if raw is None:
        return ""
    path = unquote(raw if raw.startswith("/") else resolve(raw, page, base))
    if path != base and not path.startswith(base + "/"):
        if raw.startswith("/"):
            return f"it is outside the site's baseurl '{base}' (use the relative_url filter)"
        return f"it leads to {path}, outside the site's baseurl '{base or '/'}'"
    return _missing(path[len(base):].strip("/"), path.endswith("/") or path == base, files)


def resolve(relative: str, page: str, base: str) -> str:
    """The absolute path a relative link on `page` leads to, the way a browser resolves it."""
    page_url = f"{base}/{quote(page)}"
    return urlsplit(urljoin(f"http://site{page_url}", relative)).path


def _internal_path(url: str) -> str | None:
    """The (still escaped) path of a link inside the site, or None for other links."""
    if not url or url.startswith(("#", "//")) or _SCHEME.match(url):
        return None
    return urlsplit(url).path or None


def _missing(target: str, wants_folder: bool, files: frozenset[str]) -> str:
    index = f"{target}/index.html" if target else "index.html"
    if wants_folder:
        return "" if index in files else f"the site has no {index}"
    if target in files or f"{target}.html" in files or index in files:
        return ""
    if "." in target.rsplit("/", 1)[-1]:
        return f"the site has no {target}"
    return f"the site has no {target}, {target}.html or {index}"
